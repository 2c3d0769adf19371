import type { ConnectorStateStore } from "../connectors/types.js";

/**
 * A {@link ConnectorStateStore} over a Map: what the server persists, kept in memory. For
 * tests of pollers and for hosts that keep nothing across restarts.
 */
export class MemoryStateStore implements ConnectorStateStore {
  readonly data = new Map<string, Uint8Array>();
  async load(key: string): Promise<Uint8Array | null> {
    return this.data.get(key) ?? null;
  }
  async save(key: string, value: Uint8Array): Promise<void> {
    this.data.set(key, value.slice());
  }
  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }
  /** A saved value as UTF-8 text (cursors are JSON), or null. */
  text(key: string): string | null {
    const bytes = this.data.get(key);
    return bytes ? new TextDecoder().decode(bytes) : null;
  }
}
