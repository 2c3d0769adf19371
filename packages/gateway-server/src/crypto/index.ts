export {
  createSecretBox,
  ENVELOPE_VERSION,
  KEY_FILE_NAME,
  type KeySource,
  type LoadEncryptionKeyOptions,
  loadEncryptionKey,
  openSecretBox,
  parseEncryptionKey,
  type SecretBox,
} from "./secret-box.js";
