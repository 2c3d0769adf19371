import { z } from "zod";
import { optionalHlcWireZod, rowDeltaWireZod } from "./wire.js";

/** The body of `POST /sync/:gw/push`. `lastSeenHlc` defaults to "0". */
export const pushBodyZod = z
  .strictObject({
    clientId: z.string().min(1).max(256),
    deltas: z.array(rowDeltaWireZod),
    lastSeenHlc: optionalHlcWireZod,
  })
  .meta({ description: "A batch of deltas from one client, applied all or none." });

/** Digits only: a query parameter that must be a whole number. */
const digits = z.string().regex(/^\d{1,9}$/, "must be a positive integer");

/**
 * The query of `GET /sync/:gw/pull`. `since` defaults to "0" (everything), `clientId` to the
 * token's `sub`; `limit` is a page size the gateway may lower; `source` names a connector.
 */
export const pullQueryZod = z.object({
  since: optionalHlcWireZod,
  clientId: z
    .string()
    .min(1, "must not be empty (omit it for the token's sub)")
    .max(256, "must be at most 256 characters")
    .optional(),
  limit: digits.transform(Number).pipe(z.int().min(1, "must be a positive integer")).optional(),
  source: z
    .string()
    .min(1, "must name a connector (omit it to pull the gateway's own deltas)")
    .max(256, "must be at most 256 characters")
    .optional(),
});
