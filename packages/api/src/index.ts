export { appRouter, createCaller, type AppRouter } from "./root";
export { createContext, createInnerContext, type Context } from "./trpc";
export { apiKeyFromHeaders, authenticate, type Principal } from "./principal";
export { createSession, endSession, readCookie, SESSION_COOKIE, verifySession } from "./session";
export { isSameOrigin } from "./same-origin";
export type { JobView } from "./services/jobs";
export type { CollectionView, ConnectionView, SourceView } from "./views";
export type { ConfigField } from "./services/sources";
export type { JobStreamEvent } from "./services/job-stream";
export { MAX_UNREAD_LIVE, peakUnreadLiveEvents } from "./services/job-feed";
export type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
export { asServiceUnavailable, DATABASE_UNAVAILABLE_MESSAGE, RETRY_AFTER_SECONDS } from "./unavailable";
export { findUnstorableText, UNSTORABLE_MESSAGE } from "./unstorable-text";
export type {
  AttemptView,
  MessageView,
  MessageWithAttemptsView,
  SubscriptionDetailView,
  SubscriptionView,
} from "./webhook-schemas";
