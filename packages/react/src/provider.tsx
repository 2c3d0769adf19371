import { LakeSyncClient, type TokenProvider } from "@lakesync/client";
import {
  createContext,
  type ReactElement,
  type ReactNode,
  useContext,
  useMemo,
  useRef,
} from "react";
import {
  type ConnectorsStore,
  type ConnectorTypesStore,
  createConnectorsStore,
  createConnectorTypesStore,
  type Timers,
} from "./store/index.js";

/** Where the provider's client comes from: built from these props, or passed in ready. */
export type LakeSyncClientSource =
  | {
      /** The server's base URL, e.g. `https://gateway.example.com`. */
      readonly url: string;
      /** The gateway id of every admin route. */
      readonly gatewayId: string;
      /** A fixed admin token (JWT). */
      readonly token?: string | undefined;
      /** Called before every request for a fresh token; may change between renders. */
      readonly getToken?: TokenProvider | undefined;
      /** Default `globalThis.fetch`. */
      readonly fetch?: typeof fetch | undefined;
      readonly client?: undefined;
    }
  | {
      /** A client you built yourself (other options, shared with non-React code). */
      readonly client: LakeSyncClient;
    };

/** Props of `LakeSyncProvider`. */
export type LakeSyncProviderProps = LakeSyncClientSource & {
  /** How often `useConnectors()` refreshes the live status while mounted. Default 5000 ms. */
  readonly refreshIntervalMs?: number | undefined;
  /** Timers of the polls (tests). Default: the global ones. */
  readonly timers?: Timers | undefined;
  readonly children?: ReactNode;
};

/** What the provider shares: one client and one store per resource. */
export interface LakeSyncContextValue {
  readonly client: LakeSyncClient;
  readonly connectorTypes: ConnectorTypesStore;
  readonly connectors: ConnectorsStore;
}

const LakeSyncContext = createContext<LakeSyncContextValue | null>(null);

/**
 * Creates one `LakeSyncClient` and shares it, with its stores, with every hook below. The
 * client is rebuilt only when `url`, `gatewayId`, `token` or `fetch` change (a new
 * `getToken` function each render is fine: the latest one is called).
 * @example
 * <LakeSyncProvider url="https://gateway.example.com" gatewayId="my-gw" getToken={auth.token}>
 *   <AddConnectorForm />
 * </LakeSyncProvider>
 */
export function LakeSyncProvider(props: LakeSyncProviderProps): ReactElement {
  const getTokenRef = useRef<TokenProvider | undefined>(undefined);
  getTokenRef.current = props.client ? undefined : props.getToken;
  const injected = props.client;
  const url = props.client ? undefined : props.url;
  const gatewayId = props.client ? undefined : props.gatewayId;
  const token = props.client ? undefined : props.token;
  const fetchFn = props.client ? undefined : props.fetch;
  const hasGetToken = !props.client && props.getToken !== undefined;

  const client = useMemo(() => {
    if (injected) return injected;
    return new LakeSyncClient({
      url: url ?? "",
      gatewayId: gatewayId ?? "",
      token,
      getToken: hasGetToken
        ? () => {
            const current = getTokenRef.current;
            if (!current) throw new TypeError("getToken was removed from LakeSyncProvider");
            return current();
          }
        : undefined,
      fetch: fetchFn,
    });
  }, [injected, url, gatewayId, token, hasGetToken, fetchFn]);

  const { refreshIntervalMs, timers } = props;
  const value = useMemo<LakeSyncContextValue>(
    () => ({
      client,
      connectorTypes: createConnectorTypesStore(client, { timers }),
      connectors: createConnectorsStore(client, { refreshIntervalMs, timers }),
    }),
    [client, refreshIntervalMs, timers],
  );
  return <LakeSyncContext.Provider value={value}>{props.children}</LakeSyncContext.Provider>;
}

/** The provider's client and stores; throws outside a `LakeSyncProvider` (a bug). */
export function useLakeSyncContext(hook: string): LakeSyncContextValue {
  const value = useContext(LakeSyncContext);
  if (!value) throw new Error(`${hook} must be used inside <LakeSyncProvider>`);
  return value;
}

/**
 * The provider's `LakeSyncClient`, for calls the hooks do not cover.
 * @example
 * const client = useLakeSyncClient();
 * await client.syncRules.set(rules);
 */
export function useLakeSyncClient(): LakeSyncClient {
  return useLakeSyncContext("useLakeSyncClient").client;
}
