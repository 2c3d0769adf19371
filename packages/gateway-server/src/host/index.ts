export {
  BackgroundFlusher,
  type BackgroundFlusherOptions,
  type BackgroundFlusherState,
  DEFAULT_FLUSH_INTERVAL_MS,
} from "./background-flush.js";
export { createServerHost, type ServerHost, type ServerHostOptions } from "./server-host.js";
