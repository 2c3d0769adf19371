import type { CursorPosition } from "@lakesync/core";
import type { ConnectorStateStore } from "@lakesync/gateway";

/** Keys of the connector's persisted state. */
export const stateKeys = {
  /** The issue cursor: `{ value: updated (ISO, UTC), rowId: issue key }` as JSON. */
  issueCursor: "issues:cursor",
  /** The diff snapshot of `jira_projects`. */
  projects: "projects:snapshot",
  /** The diff snapshot of one issue's comments. */
  comments: (issueKey: string) => `comments:${issueKey}`,
} as const;

/** The stored issue cursor, or null (first poll, or unreadable bytes). */
export async function loadCursor(state: ConnectorStateStore): Promise<CursorPosition | null> {
  const bytes = await state.load(stateKeys.issueCursor);
  if (!bytes) return null;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as Partial<CursorPosition>;
    if (typeof parsed.value === "string" && typeof parsed.rowId === "string") {
      return { value: parsed.value, rowId: parsed.rowId };
    }
  } catch {
    // fall through: start again from the beginning; deltas are idempotent upserts
  }
  return null;
}

export function saveCursor(state: ConnectorStateStore, cursor: CursorPosition): Promise<void> {
  return state.save(
    stateKeys.issueCursor,
    new TextEncoder().encode(JSON.stringify({ value: cursor.value, rowId: cursor.rowId })),
  );
}
