/** Secrets bound in the tests only, as `wrangler secret put` would bind them. */
export const TEST_JWT_SECRET = "test-secret-of-at-least-thirty-two-bytes!!";
/** 32 bytes (0..31) as base64. */
export const TEST_ENCRYPTION_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
