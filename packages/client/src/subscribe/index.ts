export { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF } from "./backoff.js";
export {
  type SubscribeOptions,
  Subscription,
  type SubscriptionDeps,
  type SubscriptionStatus,
} from "./subscription.js";
export type { WebSocketConstructor, WebSocketHandler, WebSocketLike } from "./web-socket.js";
