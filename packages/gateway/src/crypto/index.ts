export { base64ToBytes, bytesToBase64 } from "@lakesync/core";
export {
  createSecretBox,
  decodeEncryptionKey,
  ENCRYPTION_KEY_BYTES,
  ENVELOPE_VERSION,
  type SecretBox,
  type SecretBoxOptions,
} from "./secret-box.js";
