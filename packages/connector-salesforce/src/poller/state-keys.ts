import type { CursorPosition } from "@lakesync/core";
import type { ConnectorStateStore } from "@lakesync/gateway";

/** Keys of the connector's persisted state. */
export const stateKeys = {
  /** An entity's cursor: `{ value: LastModifiedDate (ISO, UTC), rowId: Id }` as JSON. */
  cursor: (table: string) => `cursor:${table}`,
} as const;

/** A stored cursor, or null (first poll, or unreadable bytes: start again, deltas are idempotent). */
export async function loadCursor(
  state: ConnectorStateStore,
  key: string,
): Promise<CursorPosition | null> {
  const bytes = await state.load(key);
  if (!bytes) return null;
  try {
    const { value, rowId } = JSON.parse(new TextDecoder().decode(bytes)) as Partial<CursorPosition>;
    if (typeof value === "string" && typeof rowId === "string") return { value, rowId };
  } catch {
    // fall through
  }
  return null;
}

export function saveCursor(
  state: ConnectorStateStore,
  key: string,
  cursor: CursorPosition,
): Promise<void> {
  const json = JSON.stringify({ value: cursor.value, rowId: cursor.rowId });
  return state.save(key, new TextEncoder().encode(json));
}
