import { LakeSyncClient } from "@lakesync/client";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LakeSyncProvider } from "./provider.js";
import { ConnectorsPanel } from "./testing/components.js";
import { failOnActWarnings } from "./testing/dom.js";
import {
  PG_URL,
  postgresConnector,
  recordingFetch,
  sql,
  TestGateway,
  withSchema,
} from "./testing/gateway.js";
import { ManualTimers } from "./testing/manual-timers.js";

/** useConnectors in a rendered component against a real in-process gateway. */

const GW = "react-connectors-gw";
const INTERVAL = 1000;

describe("useConnectors", () => {
  const gateway = new TestGateway();
  let token: string;
  let admin: LakeSyncClient;

  beforeAll(async () => {
    await gateway.start();
    token = await gateway.token(GW, "admin");
    admin = new LakeSyncClient({ url: gateway.url, gatewayId: GW, token });
  });

  afterAll(() => gateway.stop());

  afterEach(async () => {
    cleanup();
    for (const c of await admin.connectors.list()) await admin.connectors.unregister(c.name);
  });
  failOnActWarnings();

  /** Renders the panel with a fake clock for its polls. */
  function renderPanel(
    options: { token?: string; fetch?: typeof fetch; onRender?: () => void } = {},
  ) {
    const timers = new ManualTimers();
    const view = render(
      <LakeSyncProvider
        url={gateway.url}
        gatewayId={GW}
        getToken={async () => options.token ?? token}
        refreshIntervalMs={INTERVAL}
        timers={timers}
        {...(options.fetch ? { fetch: options.fetch } : {})}
      >
        <ConnectorsPanel {...(options.onRender ? { onRender: options.onRender } : {})} />
      </LakeSyncProvider>,
    );
    /** Ticks the fake clock (one poll of the list) until `check` passes. */
    const pollUntil = (check: () => void) =>
      waitFor(
        () => {
          try {
            check();
          } catch (error) {
            timers.runPending();
            throw error;
          }
        },
        { timeout: 15_000, interval: 50 },
      );
    return { ...view, timers, pollUntil };
  }

  it("lists, registers through a form, and unregisters", async () => {
    await admin.connectors.register(postgresConnector(gateway, "existing"));
    renderPanel();
    expect(screen.getByText("Loading connectors...")).toBeTruthy();
    const existing = await screen.findByTestId("connector-existing");
    expect(existing.textContent).toContain("existing · postgres · idle · last poll never");

    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "added" } });
    fireEvent.change(screen.getByLabelText("Connection string"), {
      target: { value: withSchema(PG_URL, gateway.schema) },
    });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    await waitFor(() => expect(screen.getByTestId("message").textContent).toBe("Registered added"));
    expect(screen.getByTestId("connector-added").textContent).toContain("added · postgres");
    expect((await admin.connectors.list()).map((c) => c.name).sort()).toEqual([
      "added",
      "existing",
    ]);

    fireEvent.click(screen.getByRole("button", { name: "Remove existing" }));
    await waitFor(() => expect(screen.queryByTestId("connector-existing")).toBeNull());
    expect((await admin.connectors.list()).map((c) => c.name)).toEqual(["added"]);
  });

  it("shows the server's 400 issue beside the field", async () => {
    renderPanel();
    await screen.findByRole("button", { name: "Add" });
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "broken" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));

    const fieldError = await screen.findByTestId("error-postgres.connectionString");
    expect(fieldError.textContent).not.toBe("");
    expect(screen.getByTestId("message").textContent).toMatch(/^INVALID_CONFIG: /);
    expect(screen.queryByTestId("connector-broken")).toBeNull();
  });

  it("shows a 401 for a token the server refuses", async () => {
    renderPanel({ token: await gateway.foreignToken(GW) });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/^Error: /);
    expect(screen.queryByText("Loading connectors...")).toBeNull();
  });

  it("shows live status changes on each refresh", async () => {
    await sql(gateway, "create table ui_events (id text primary key, name text)");
    await sql(gateway, "insert into ui_events values ('1', 'one')");
    const { pollUntil } = renderPanel();
    await screen.findByRole("button", { name: "Add" });

    // Another admin registers a polling connector: the next refresh lists it.
    await admin.connectors.register(
      postgresConnector(gateway, "live", "SELECT id, name FROM ui_events"),
    );
    await pollUntil(() => expect(screen.getByTestId("connector-live")).toBeTruthy());
    await pollUntil(() =>
      expect(screen.getByTestId("connector-live").textContent).toMatch(
        /live · postgres · polling · last poll \d{4}-\d\d-\d\dT.* · last error none/,
      ),
    );

    // Its source table goes away: a later refresh shows the failure.
    await sql(gateway, "drop table ui_events");
    await pollUntil(() =>
      expect(screen.getByTestId("connector-live").textContent).toMatch(
        /live · postgres · (backing_off|failed) · .* last error .*ui_events/,
      ),
    );
  });

  it("re-renders only on changes, and stops polling on unmount", async () => {
    let renders = 0;
    const recorder = recordingFetch();
    const { timers, unmount } = renderPanel({ fetch: recorder.fetch, onRender: () => renders++ });
    await screen.findByRole("button", { name: "Add" });
    await waitFor(() => expect(timers.pending).toEqual([INTERVAL]));
    const settled = renders;

    // Three polls that bring nothing new: the same snapshot, no render.
    for (let i = 0; i < 3; i++) {
      const before = recorder.urls.length;
      timers.runPending();
      await waitFor(() => expect(timers.pending).toEqual([INTERVAL]));
      expect(recorder.urls.length).toBe(before + 1);
    }
    expect(renders).toBe(settled);

    act(() => unmount());
    expect(timers.pending).toEqual([]);
    expect(within(document.body).queryByRole("button")).toBeNull();
  });
});
