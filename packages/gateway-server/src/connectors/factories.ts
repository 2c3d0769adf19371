import type { ConnectorFactory } from "./contract.js";

/**
 * Which factory builds the runtime of each connector type on this server. One instance per
 * server, handed to the host (never a module global, so tests and embedders stay isolated).
 * Adapter and connector packages plug in here: `factories.registerConnectorFactory("jira",
 * jiraFactory)`. A type may have a descriptor (so its configs validate) and no factory: its
 * connectors are kept but report `failed` with "no runtime for type X on this server".
 * @example
 * const factories = new ConnectorFactories({ postgres: postgresFactory });
 * factories.registerConnectorFactory("jira", jiraFactory);
 */
export class ConnectorFactories {
  readonly #factories = new Map<string, ConnectorFactory>();

  constructor(initial: Readonly<Record<string, ConnectorFactory>> = {}) {
    for (const [type, factory] of Object.entries(initial)) {
      this.registerConnectorFactory(type, factory);
    }
  }

  /**
   * Plugs in the factory of a connector type. Registering a type twice is a wiring bug and
   * throws: two packages would otherwise silently compete for it.
   */
  registerConnectorFactory(type: string, factory: ConnectorFactory): this {
    if (typeof type !== "string" || type === "") {
      throw new TypeError("A connector factory needs a non-empty type");
    }
    if (typeof factory !== "function") {
      throw new TypeError(`The connector factory of "${type}" must be a function`);
    }
    if (this.#factories.has(type)) {
      throw new TypeError(`A connector factory for "${type}" is already registered`);
    }
    this.#factories.set(type, factory);
    return this;
  }

  /** The factory of a type, or undefined when no package provides one on this server. */
  getConnectorFactory(type: string): ConnectorFactory | undefined {
    return this.#factories.get(type);
  }

  /** Whether a factory is registered for the type. */
  has(type: string): boolean {
    return this.#factories.has(type);
  }

  /** The types with a factory, in registration order. */
  types(): string[] {
    return [...this.#factories.keys()];
  }
}
