/**
 * The pages of a keyset read, each next one requested as soon as the one before arrives, so
 * the database reads it while the caller works on the current one. At most two pages are
 * held. `afterPage` gives the position to read after a page, or null when it was the last.
 * A caller that stops early leaves the request in flight to settle unobserved.
 * @example
 * const pages = keysetPages(
 *   (after) => client.query(after ? NEXT : FIRST, after ? [after.value, after.rowId] : []),
 *   stored,
 *   (page) => (page.length < size ? null : positionOf(page.at(-1))),
 * );
 */
export async function* keysetPages<R, P>(
  readPage: (after: P | null) => Promise<R[]>,
  start: P | null,
  afterPage: (page: readonly R[]) => P | null,
): AsyncGenerator<R[], void, undefined> {
  let pending: Promise<R[]> | null = readPage(start);
  while (pending) {
    const page: R[] = await pending;
    pending = null;
    if (page.length === 0) return;
    const after = afterPage(page);
    if (after !== null) {
      pending = readPage(after);
      // Awaited on the next turn; this only keeps an abandoned one from being unhandled.
      pending.catch(() => {});
    }
    yield page;
  }
}
