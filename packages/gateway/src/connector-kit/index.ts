// What connector authors test pollers with: `@lakesync/gateway/connector-kit`.
export { endsWithin } from "./ends-within.js";
export { FlushCountingTarget } from "./flush-counting-target.js";
export { MemoryStateStore } from "./memory-state-store.js";
export { mergedRows } from "./merged-rows.js";
export { materialize, pullAll } from "./pull-all.js";
