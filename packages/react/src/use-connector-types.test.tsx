import { LakeSyncClient } from "@lakesync/client";
import { registerConnectorDescriptor, unregisterConnectorDescriptor } from "@lakesync/core";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { StrictMode } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LakeSyncProvider } from "./provider.js";
import { AddConnectorForm, TypesWithRetry } from "./testing/components.js";
import { failOnActWarnings } from "./testing/dom.js";
import { recordingFetch, TestGateway } from "./testing/gateway.js";

/** useConnectorTypes in a rendered component against a real in-process gateway. */

const GW = "react-types-gw";

describe("useConnectorTypes", () => {
  const gateway = new TestGateway();

  beforeAll(async () => {
    // A custom type, registered in the server's process before it starts (as the spec says).
    registerConnectorDescriptor({
      type: "cloudwatch",
      displayName: "CloudWatch",
      description: "AWS CloudWatch Logs connector.",
      category: "api",
      configSchema: {
        $schema: "http://json-schema.org/draft-07/schema#",
        type: "object",
        properties: { logGroupName: { type: "string" }, region: { type: "string" } },
        required: ["logGroupName", "region"],
      },
      ingestSchema: { type: "object", properties: { intervalMs: { type: "integer" } } },
      outputTables: null,
    });
    await gateway.start();
  });

  afterAll(async () => {
    unregisterConnectorDescriptor("cloudwatch");
    await gateway.stop();
  });

  afterEach(cleanup);
  failOnActWarnings();

  it("renders the spec's AddConnectorForm: loading, then built-in and custom types", async () => {
    render(
      <LakeSyncProvider url={gateway.url} gatewayId={GW}>
        <AddConnectorForm />
      </LakeSyncProvider>,
    );
    expect(screen.getByText("Loading...")).toBeTruthy();

    await screen.findByRole("combobox");
    const options = screen
      .getAllByRole("option")
      .map((o) => [o.getAttribute("value"), o.textContent]);
    expect(options).toEqual(
      expect.arrayContaining([
        ["postgres", "PostgreSQL"],
        ["mysql", expect.any(String)],
        ["bigquery", expect.any(String)],
        ["jira", "Jira"],
        ["salesforce", expect.any(String)],
        ["cloudwatch", "CloudWatch"],
      ]),
    );
    expect(screen.queryByText("Loading...")).toBeNull();
  });

  it("shows the error of an unreachable gateway", async () => {
    render(
      <LakeSyncProvider url="http://127.0.0.1:1" gatewayId={GW}>
        <AddConnectorForm />
      </LakeSyncProvider>,
    );
    expect(screen.getByText("Loading...")).toBeTruthy();
    const error = await screen.findByText(/^Error: /);
    expect(error.textContent).toContain("GET http://127.0.0.1:1/connectors/types failed");
  });

  it("refetch: an error while the gateway is down, the types once it is back", async () => {
    await gateway.pause();
    try {
      render(
        <LakeSyncProvider url={gateway.url} gatewayId={GW}>
          <TypesWithRetry />
        </LakeSyncProvider>,
      );
      await screen.findByRole("alert");
      expect(screen.getByText("0 types")).toBeTruthy();
    } finally {
      await gateway.resume();
    }
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    expect(screen.getByText("Loading...")).toBeTruthy(); // a retry of a failed first load
    await screen.findByText(/^[1-9]\d* types$/);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(
      Number.parseInt(screen.getByText(/types$/).textContent ?? "", 10),
    ).toBeGreaterThanOrEqual(6);
  });

  it("shares one request between components and survives StrictMode's double mount", async () => {
    const recorder = recordingFetch();
    render(
      <StrictMode>
        <LakeSyncProvider url={gateway.url} gatewayId={GW} fetch={recorder.fetch}>
          <AddConnectorForm />
          <TypesWithRetry />
        </LakeSyncProvider>
      </StrictMode>,
    );
    await screen.findByRole("combobox");
    await screen.findByText(/^[1-9]\d* types$/);
    expect(recorder.urls.filter((u) => u.endsWith("/connectors/types"))).toHaveLength(1);
  });

  it("uses an injected client", async () => {
    const client = new LakeSyncClient({ url: gateway.url, gatewayId: GW });
    render(
      <LakeSyncProvider client={client}>
        <AddConnectorForm />
      </LakeSyncProvider>,
    );
    expect(await screen.findByRole("option", { name: "CloudWatch" })).toBeTruthy();
  });
});
