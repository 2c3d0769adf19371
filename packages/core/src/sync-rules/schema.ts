import { z } from "zod";
import { jwtClaimName } from "./claims.js";
import { syncRuleOps } from "./types.js";

const JWT_REF = 'a "jwt:<claim>" reference';

/** A string; when it starts with `jwt:` it must name a claim. */
const text = z.string().refine((s) => jwtClaimName(s) !== "", {
  message: `${JWT_REF} must name a claim after "jwt:"`,
});
const jwtRef = text.regex(/^jwt:/, {
  message: `must be an array or ${JWT_REF} (use "eq" for a single value)`,
});
const scalar = z.union([text, z.number(), z.boolean(), z.null()]);
const column = z.string().min(1);

const equalityFilter = z.strictObject({
  column,
  op: z.enum(["eq", "neq"]),
  value: z.union([text, z.number(), z.boolean(), z.null()], {
    error: `must be a string, a number, a boolean, null or ${JWT_REF} (use "in" for a list)`,
  }),
});

const listFilter = z.strictObject({
  column,
  op: z.enum(["in", "nin"]),
  value: z.union([z.array(scalar), jwtRef], {
    error: `must be an array of strings, numbers, booleans or nulls, or ${JWT_REF}`,
  }),
});

const orderFilter = z.strictObject({
  column,
  op: z.enum(["gt", "gte", "lt", "lte"]),
  value: z.union([z.number(), text], {
    error: `must be a number, a string (an ISO-8601 timestamp compares as a time) or ${JWT_REF}`,
  }),
});

/** One filter; the shape of `value` depends on `op`. */
export const syncRuleFilterZod = z.discriminatedUnion(
  "op",
  [equalityFilter, listFilter, orderFilter],
  { error: `must be one of ${syncRuleOps.join(", ")}` },
);

/** One bucket: a unique name, the tables it covers, and filters (default none: every row). */
export const syncRuleBucketZod = z.strictObject({
  name: z.string().min(1),
  tables: z.array(z.string().min(1)).min(1),
  filters: z.array(syncRuleFilterZod).default([]),
});

/**
 * The sync-rules body of `POST /admin/sync-rules/:gw`. Also the source of its JSON Schema:
 * `z.toJSONSchema(syncRulesZod, { target: "draft-7", io: "input" })`.
 */
export const syncRulesZod = z
  .strictObject({
    version: z.number().int().min(1).exactOptional(),
    buckets: z.array(syncRuleBucketZod),
  })
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.buckets.forEach((bucket, i) => {
      if (seen.has(bucket.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["buckets", i, "name"],
          message: `duplicate bucket name "${bucket.name}"`,
        });
      }
      seen.add(bucket.name);
    });
  });
