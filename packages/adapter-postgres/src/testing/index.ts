// Test helpers for LakeSync database adapters (the future `./testing` export).
export {
  type AdapterContractTarget,
  type ContractAdapter,
  type ContractDatabase,
  runAdapterContract,
} from "./adapter-contract.js";
export { runSqlClientContract, type SqlClientContractTarget } from "./sql-client-contract.js";
export { PG_TEST_URL, pgliteTestTarget, pgTestTarget, type TestTarget } from "./targets.js";
