import { createMiddleware } from "hono/factory";
import type { TokenVerifier } from "../auth/verify.js";
import type { AppEnv } from "./env.js";
import { errorResponse, problem } from "./errors.js";

/** Who may call a route: an admin of the path's gateway, or any token of that gateway. */
export type Access = "admin" | "gateway";

/**
 * Checks `Authorization: Bearer <jwt>` against the route's `:gw`: 401 without a valid token,
 * 403 when the token is for another gateway or, on admin routes, not an admin's. The verified
 * claims go to `c.get("claims")`.
 * @example app.get("/admin/connectors/:gw", requireToken(auth, "admin"), handler)
 */
export function requireToken(auth: TokenVerifier, access: Access) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = bearerToken(c.req.header("authorization"));
    if (token === undefined) {
      return errorResponse(c, problem("UNAUTHORIZED", "Missing bearer token"));
    }
    const verified = await auth.verify(token);
    if (!verified.ok) return errorResponse(c, verified.error);
    const claims = verified.value;
    const gw = c.req.param("gw");
    if (gw === undefined || claims.gw !== gw) {
      return errorResponse(c, problem("FORBIDDEN", "This token is not valid for this gateway"));
    }
    if (access === "admin" && claims.role !== "admin") {
      return errorResponse(c, problem("FORBIDDEN", 'This route needs a token with role "admin"'));
    }
    c.set("claims", claims);
    return next();
  });
}

/** The token of a `Bearer` authorization header (scheme case-insensitive), or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match?.[1];
}
