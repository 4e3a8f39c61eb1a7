export { appRouter, createCaller, type AppRouter } from "./root";
export { createContext, createInnerContext, type Context } from "./trpc";
export { apiKeyFromHeaders, authenticate, type Principal } from "./principal";
export { isSameOrigin } from "./same-origin";
export type { CollectionView, ConfigField, ConnectionListItemView, ConnectionView, JobView, SourceView } from "./views";
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
