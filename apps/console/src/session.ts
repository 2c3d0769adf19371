/** What the sign-in screen asks for. Kept in sessionStorage: gone when the tab closes. */
export interface Session {
  readonly url: string;
  readonly gatewayId: string;
  readonly token: string;
}

const KEY = "lakesync-console-session";

export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if (typeof parsed.url !== "string" || typeof parsed.gatewayId !== "string") return null;
    if (typeof parsed.token !== "string" || parsed.token === "") return null;
    return { url: parsed.url, gatewayId: parsed.gatewayId, token: parsed.token };
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}
