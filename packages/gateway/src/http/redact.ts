// One masking function for the whole project: core's.
export { redactSecrets } from "@lakesync/core";
