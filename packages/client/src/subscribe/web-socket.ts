/**
 * The part of a WebSocket the client uses: the browser's, Bun's, Deno's, the Workers' and
 * the `ws` package's all fit, so any of them can be passed as `WebSocket`.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: WebSocketHandler | null;
  onmessage: WebSocketHandler | null;
  onclose: WebSocketHandler | null;
  onerror: WebSocketHandler | null;
}

/**
 * An event handler. The event is typed `never` so that every runtime's own event type fits;
 * the handlers assigned here declare the few fields they read (`data`, `code`, `reason`).
 */
export type WebSocketHandler = (event: never) => void;

/** A WebSocket constructor: `globalThis.WebSocket`, or `WebSocket` from the `ws` package on Node 20. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** `readyState` of an open socket. */
export const WS_OPEN = 1;
