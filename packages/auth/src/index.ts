export {
  createApiKey,
  listApiKeys,
  revokeApiKey,
  verifyApiKey,
  type ApiKeyPrincipal,
  type CreatedApiKey,
} from "./api-keys";
export { DEFAULT_ORGANIZATION, ensureOrganization } from "./organizations";
export {
  createSession,
  endSession,
  readCookie,
  SESSION_COOKIE,
  verifySession,
  type SessionPrincipal,
} from "./sessions";
