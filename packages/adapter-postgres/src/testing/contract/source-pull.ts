import {
  createGatewayApp,
  createTokenVerifier,
  MemoryGatewayHost,
  type RowDeltaJson,
  signToken,
} from "@lakesync/gateway";
import { describe, expect, it } from "vitest";
import { change, logged, ok } from "./helpers.js";
import type { ContractAdapter, ContractDatabase } from "./types.js";

const SECRET = "adapter-contract-secret-of-32-bytes-or-more";

interface PullJson {
  deltas: RowDeltaJson[];
  serverHlc: string;
  hasMore: boolean;
  warnings?: string[];
}

/** A gateway app whose source `users-db` is `adapter`, and a pull of it as client "ada". */
async function pullThroughRoute(adapter: ContractAdapter) {
  const host = new MemoryGatewayHost();
  const gateway = await host.gateway("my-gw");
  ok(gateway.registerSource("users-db", adapter));
  gateway.setSyncRules({
    buckets: [
      {
        name: "mine",
        filters: [{ column: "owner", op: "eq", value: "jwt:sub" }],
        tables: ["todos"],
      },
    ],
  });
  const app = createGatewayApp({ host, auth: createTokenVerifier({ secret: SECRET }) });
  const token = await signToken({
    secret: SECRET,
    sub: "ada",
    gw: "my-gw",
    role: "client",
    expiresIn: 600,
  });
  return async (since: string, limit: number): Promise<PullJson> => {
    const res = await app.request(
      `/sync/my-gw/pull?since=${since}&clientId=app-1&source=users-db&limit=${limit}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(res.status).toBe(200);
    return (await res.json()) as PullJson;
  };
}

/** `GET /sync/:gw/pull?source=` through the gateway's HTTP routes, with the adapter as the source. */
export function sourcePullContract(db: () => ContractDatabase): void {
  describe("source pull through the HTTP route", () => {
    it("pages the source's log for its gateway, filtered by sync rules, or warns without one", async () => {
      const pull = await pullThroughRoute(db().adapter("my-gw"));

      const none = await pull("0", 10);
      expect(none.deltas).toEqual([]);
      expect(none.warnings?.[0]).toMatch(/no LakeSync delta log/);

      const writer = db().adapter("my-gw");
      ok(
        await writer.insertDeltas(
          logged([
            change("t1", 1, { title: "Ada's", owner: "ada" }, { op: "INSERT" }),
            change("t2", 2, { title: "Bob's", owner: "bob" }, { op: "INSERT" }),
            change("t3", 3, { title: "Ada's too", owner: "ada" }, { op: "INSERT" }),
          ]),
        ),
      );
      ok(
        await db()
          .adapter("other-gw")
          .insertDeltas(logged([change("x", 4, { owner: "ada" })], 9)),
      );

      const first = await pull("0", 2);
      expect(first.warnings).toBeUndefined();
      expect(first.hasMore).toBe(true);
      expect(first.deltas.map((d) => d.rowId)).toEqual(["t1"]);
      const second = await pull(first.serverHlc, 2);
      expect(second.hasMore).toBe(false);
      expect(second.deltas.map((d) => d.rowId)).toEqual(["t3"]);
      expect(second.deltas[0]?.columns).toContainEqual({ column: "title", value: "Ada's too" });
    });

    it("warns, with an empty page, when the database's lakesync_deltas is a table of its own", async () => {
      await db().exec("create table lakesync_deltas (id int primary key, note varchar(20))");
      await db().exec("insert into lakesync_deltas (id, note) values (1, 'not a delta')");
      const pull = await pullThroughRoute(db().adapter("my-gw"));

      const page = await pull("0", 10);
      expect(page.deltas).toEqual([]);
      expect(page.hasMore).toBe(false);
      expect(page.warnings).toHaveLength(1);
      expect(page.warnings?.[0]).toMatch(/lakesync_deltas is not a LakeSync delta log/);
    });
  });
}
