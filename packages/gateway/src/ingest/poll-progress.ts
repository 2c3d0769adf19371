/** How far a running poll has come, for a host's live status and progress log. */
export interface IngestProgress {
  /** The table being read (the last one read, when `done`). */
  readonly table: string;
  /** Rows read from the source in this poll, over every table so far. */
  readonly rowsRead: number;
  /** Deltas of this poll the gateway accepted so far. */
  readonly deltasPushed: number;
  /** Milliseconds since the poll began. */
  readonly elapsedMs: number;
  /** The poll ended. */
  readonly done: boolean;
  /** It ended with an error, or was stopped (always false before `done`). */
  readonly failed: boolean;
}

/**
 * The running count of one poll over its tables: told to `report` after each source batch
 * (`read`) and once at the end (`end`). Without `report` it only counts.
 */
export class PollProgress {
  readonly #report: ((progress: IngestProgress) => void) | undefined;
  readonly #now: () => number;
  readonly #started: number;
  #table = "";
  #rowsRead = 0;
  /** Accepted deltas of the tables finished (or failed) in this poll. */
  #pushedBefore = 0;

  constructor(report?: (progress: IngestProgress) => void, now: () => number = Date.now) {
    this.#report = report;
    this.#now = now;
    this.#started = now();
  }

  /** A batch of `rows` was read from `table`, whose deltas accepted so far are `tablePushed`. */
  read(table: string, rows: number, tablePushed: number): void {
    this.#table = table;
    this.#rowsRead += rows;
    if (this.#report) this.#report(this.#progress(this.#pushedBefore + tablePushed, false, false));
  }

  /** The current table ended (done or failed) with `tablePushed` deltas accepted. */
  tableDone(tablePushed: number): void {
    this.#pushedBefore += tablePushed;
  }

  /** The poll ended: `failed` when with an error, or stopped. */
  end(failed: boolean): void {
    if (this.#report) this.#report(this.#progress(this.#pushedBefore, true, failed));
  }

  #progress(deltasPushed: number, done: boolean, failed: boolean): IngestProgress {
    return {
      table: this.#table,
      rowsRead: this.#rowsRead,
      deltasPushed,
      elapsedMs: this.#now() - this.#started,
      done,
      failed,
    };
  }
}
