import { LakeSyncClient } from "@lakesync/client";
import { act, cleanup, render, renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { LakeSyncProvider, useLakeSyncClient } from "./provider.js";
import { failOnActWarnings } from "./testing/dom.js";
import { TestGateway } from "./testing/gateway.js";
import { useConnectorTypes } from "./use-connector-types.js";
import { useConnectors } from "./use-connectors.js";

/** LakeSyncProvider: one client per set of props, shared with every hook. */

const GW = "react-provider-gw";

interface Seen {
  client?: LakeSyncClient;
  connectors?: ReturnType<typeof useConnectors>;
}

/** Records what the hooks return on each render. */
function Probe({ seen }: { seen: Seen }) {
  seen.client = useLakeSyncClient();
  seen.connectors = useConnectors();
  return null;
}

describe("LakeSyncProvider", () => {
  const gateway = new TestGateway();

  beforeAll(() => gateway.start());
  afterAll(() => gateway.stop());
  afterEach(cleanup);
  failOnActWarnings();

  it("hooks throw outside a provider", () => {
    vi.spyOn(console, "error").mockImplementation(() => {}); // React reports the render error
    expect(() => renderHook(() => useConnectorTypes())).toThrow(
      "useConnectorTypes must be used inside <LakeSyncProvider>",
    );
    expect(() => renderHook(() => useConnectors())).toThrow(/useConnectors must be used inside/);
  });

  it("shares an injected client", () => {
    const client = new LakeSyncClient({ url: gateway.url, gatewayId: GW });
    const { result } = renderHook(() => useLakeSyncClient(), {
      wrapper: ({ children }: { children: ReactNode }) => (
        <LakeSyncProvider client={client}>{children}</LakeSyncProvider>
      ),
    });
    expect(result.current).toBe(client);
  });

  /** Renders `useConnectors()` under a provider; `rerender` changes the provider's props. */
  function renderUnder(props: { token?: string; getToken?: () => Promise<string> }) {
    const seen: Seen = {};
    const ui = (p: typeof props) => (
      <LakeSyncProvider url={gateway.url} gatewayId={GW} refreshIntervalMs={0} {...p}>
        <Probe seen={seen} />
      </LakeSyncProvider>
    );
    const view = render(ui(props));
    return { seen, rerender: (p: typeof props) => view.rerender(ui(p)) };
  }

  it("keeps its client across renders with a new getToken, and calls the latest one", async () => {
    const token = await gateway.token(GW, "admin");
    const first = vi.fn(async () => token);
    const second = vi.fn(async () => token);
    const { seen, rerender } = renderUnder({ getToken: first });
    await waitFor(() => expect(seen.connectors?.isLoading).toBe(false));
    expect(seen.connectors?.error).toBeNull();
    expect(first).toHaveBeenCalledTimes(1);
    const { client, connectors } = seen;

    rerender({ getToken: second });
    expect(seen.client).toBe(client);
    expect(seen.connectors).toBe(connectors); // nothing changed: the same result object
    await act(() => seen.connectors?.refetch());
    expect(second).toHaveBeenCalledTimes(1);
    expect(first).toHaveBeenCalledTimes(1);
  });

  it("builds a new client when the token changes", async () => {
    const { seen, rerender } = renderUnder({ token: await gateway.foreignToken(GW) });
    await waitFor(() => expect(seen.connectors?.error).toMatchObject({ status: 401 }));
    const client = seen.client;
    rerender({ token: await gateway.token(GW, "admin") });
    expect(seen.client).not.toBe(client);
    await waitFor(() => expect(seen.connectors).toMatchObject({ isLoading: false, error: null }));
  });
});
