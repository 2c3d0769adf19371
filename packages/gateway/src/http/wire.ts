import { type DeltaOp, type HLCTimestamp, parseHlc, type RowDelta } from "@lakesync/core";
import { z } from "zod";

const hlcMeta = {
  description: "HLC timestamp (wall-clock ms << 16 | counter) as a decimal string.",
  examples: ["111551107678208000"],
};
const HLC_MESSAGE = "must be an HLC timestamp in a decimal string";
const hlcInputZod = z.union(
  [z.string().regex(/^\d{1,20}$/, HLC_MESSAGE), z.int().min(0, HLC_MESSAGE)],
  {
    error: HLC_MESSAGE,
  },
);

function toHlc(input: string | number, ctx: z.RefinementCtx): HLCTimestamp {
  const parsed = parseHlc(input);
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: "custom", message: HLC_MESSAGE });
  return z.NEVER;
}

/**
 * The JSON form of an HLC timestamp: a decimal string (64 bits do not fit a JSON number).
 * A non-negative safe integer is read too. Parses to a bigint.
 */
export const hlcWireZod = hlcInputZod.transform(toHlc).meta(hlcMeta);

/** An HLC timestamp that may be left out: "0" then. */
export const optionalHlcWireZod = hlcInputZod.default("0").transform(toHlc).meta(hlcMeta);

const deltaOps = ["INSERT", "UPDATE", "DELETE"] as const satisfies readonly DeltaOp[];

/** One column's new value; `value` is any JSON value, null for none. */
export const columnWireZod = z.strictObject({
  column: z.string().min(1),
  value: z
    .unknown()
    .refine((v) => v !== undefined, { message: "is required (use null for no value)" })
    .meta({ description: "Any JSON value; null for no value." }),
});

/** A RowDelta as JSON: `hlc` is a decimal string. Parses to a RowDelta. */
export const rowDeltaWireZod = z
  .strictObject({
    deltaId: z.string().min(1),
    op: z.enum(deltaOps),
    table: z.string().min(1),
    rowId: z.string().min(1),
    clientId: z.string().min(1),
    hlc: hlcWireZod,
    columns: z.array(columnWireZod),
  })
  .meta({ description: "One change to one row." });

/** A RowDelta as the gateway sends it: `hlc` is always a decimal string. */
export const rowDeltaJsonZod = z.object({
  deltaId: z.string(),
  op: z.enum(deltaOps),
  table: z.string(),
  rowId: z.string(),
  clientId: z.string(),
  hlc: z.string().meta({ description: "HLC timestamp as a decimal string." }),
  columns: z.array(z.object({ column: z.string(), value: z.unknown() })),
});

/** A RowDelta as it travels in JSON. */
export type RowDeltaJson = z.output<typeof rowDeltaJsonZod>;

/** The JSON form of a delta: `hlc` (and any bigint column value) as a decimal string. */
export function deltaToJson(delta: RowDelta): RowDeltaJson {
  return {
    deltaId: delta.deltaId,
    op: delta.op,
    table: delta.table,
    rowId: delta.rowId,
    clientId: delta.clientId,
    hlc: delta.hlc.toString(),
    columns: delta.columns.map(({ column, value }) => ({
      column,
      value: typeof value === "bigint" ? value.toString() : value,
    })),
  };
}
