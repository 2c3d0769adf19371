import type { BuiltInConnectorConfigs, BuiltInConnectorType, ConnectorConfig } from "./types.js";

/**
 * Narrows a config to a built-in variant. `config.type === "jira"` alone does not
 * narrow, because the open catch-all member also allows that type.
 * Meant for configs returned by `validateConnectorConfig`: it checks the type and that
 * the block is an object, not the block's fields.
 * @example if (isConnectorConfigOfType(config, "jira")) startJiraPoller(config.jira);
 */
export function isConnectorConfigOfType<T extends BuiltInConnectorType>(
  config: ConnectorConfig,
  type: T,
): config is BuiltInConnectorConfigs[T] {
  const block: unknown = (config as Record<string, unknown>)[type];
  return config.type === type && typeof block === "object" && block !== null;
}
