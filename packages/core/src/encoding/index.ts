export { base64ToBytes, bytesToBase64 } from "./base64.js";
