export { CONTROL_DDL, ControlStore, type StoredConnector } from "./control-store.js";
