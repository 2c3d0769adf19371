import { describe, expect, it } from "vitest";
import type { RowState } from "../delta/index.js";
import { decodeRowState, encodeRowState } from "./row-state-codec.js";

describe("encodeRowState and decodeRowState", () => {
  it("store HLCs as decimal text and values as JSON, and read them back", () => {
    const state: RowState = {
      table: "todos",
      rowId: "r1",
      columns: { title: { value: "a", hlc: (1n << 62n) + 3n, clientId: "c1" } },
      deleted: { hlc: 5n, clientId: "c2" },
    };
    const text = encodeRowState(state);
    expect(JSON.parse(text)).toEqual({
      columns: { title: { value: "a", hlc: "4611686018427387907", clientId: "c1" } },
      deleted: { hlc: "5", clientId: "c2" },
    });
    expect(decodeRowState("todos", "r1", text)).toEqual(state);
  });

  it("writes bigint and Date values as text", () => {
    const text = encodeRowState({
      table: "t",
      rowId: "r",
      columns: {
        n: { value: 9n, hlc: 1n, clientId: "c" },
        at: { value: new Date(0), hlc: 1n, clientId: "c" },
      },
      deleted: null,
    });
    const back = decodeRowState("t", "r", text);
    expect(back.columns.n?.value).toBe("9");
    expect(back.columns.at?.value).toBe("1970-01-01T00:00:00.000Z");
    expect(back.deleted).toBeNull();
  });
});
