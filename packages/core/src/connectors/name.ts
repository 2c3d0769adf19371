import { z } from "zod";

/** The longest connector name accepted. */
export const MAX_CONNECTOR_NAME_LENGTH = 64;

/**
 * A connector name: the source adapter key, and a path segment in
 * `/admin/connectors/:gw/:name` and `?source=name`. Hence 1-64 characters from
 * `[A-Za-z0-9._-]`, and not `.` or `..` (URL clients rewrite those).
 */
export const connectorNameSchema = z
  .string()
  .min(1)
  .max(MAX_CONNECTOR_NAME_LENGTH)
  .regex(/^[A-Za-z0-9._-]*$/, "must contain only letters, digits, '.', '_' and '-'")
  .refine((name) => !/^\.+$/.test(name), "must not consist only of dots")
  .describe(
    "Unique connector name (1-64 letters, digits, '.', '_' or '-'); used as the source key in pull URLs.",
  );
