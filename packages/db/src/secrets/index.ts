export {
  keyId,
  keyring,
  newSecretKey,
  readKeyFile,
  reloadKeyring,
  secretKeyFile,
  writeKeyFile,
  type Keyring,
  type SecretKey,
} from "./keyring";
export { isSealed, open as openSecret, seal as sealSecret, sealedKeyId, SecretUnreadableError } from "./seal";
export {
  mergeCredentials,
  openCredentials,
  resealAllCredentials,
  sealCredentials,
  sealPlaintextCredentials,
  type SealedCredentials,
} from "./credentials";
export { rotateSecrets, type RotationResult } from "./rotate";
export { webhookSecretContext } from "./webhook-secrets";
