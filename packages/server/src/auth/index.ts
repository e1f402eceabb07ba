export { type ApiKey, fingerprintOf, generateApiKey, MIN_RSA_MODULUS_BITS, parsePublicKey } from "./api-key.js";
export { AuthenticationError, InvalidApiKeyError } from "./errors.js";
export {
  CONFIG_FILE_NAME,
  KEY_FILE_NAME,
  type OciConfigProfile,
  renderOciConfig,
  type WrittenOciConfig,
  writeOciConfig,
} from "./oci-config-file.js";
export {
  type ApiKeyId,
  DEFAULT_MAX_SKEW_MS,
  EMPTY_BODY_SHA256,
  type RegisteredApiKey,
  SignatureVerifier,
  type SignatureVerifierDeps,
  type SignedRequest,
  type VerifiedPrincipal,
  verifySignature,
} from "./signature-verifier.js";
