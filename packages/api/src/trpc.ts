/**
 * The one tRPC setup of Weft.
 *
 * 1. Context: built from request headers (API key or session cookie → one organization), so the Next route handler,
 *    server components, the REST adapter and tests build it the same way; tests use `createInnerContext` directly.
 * 2. Initialisation: superjson (Dates survive the wire), zod issues in error data.
 * 3. Procedure builder: `orgProcedure` (every query scoped to the caller's organization). Domain errors of the
 *    engine and an unreachable database become tRPC error codes in one place.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z } from "zod";
import type { Engine } from "@weft/engine";
import { getEngine } from "@weft/engine";
import { errorMapping, findWeftError, invalid, isWeftError, WeftError } from "@weft/errors";
import { authenticate, type Principal } from "./principal";
import { isSameOrigin } from "./same-origin";
import { asServiceUnavailable } from "./unavailable";
import { findUnstorableText } from "./unstorable-text";

/** `sameOrigin`: the request came from a page of this server (see same-origin.ts); only a session needs it. */
export type Context = { engine: Engine; principal: Principal | null; sameOrigin?: boolean };

export function createInnerContext(opts: Context): Context {
  return opts;
}

/** `session: true` lets the session cookie authenticate (the web app's tRPC); otherwise only an API key does. */
export async function createContext(opts: {
  headers: Headers;
  engine?: Engine;
  session?: boolean;
  url?: string;
}): Promise<Context> {
  const engine = opts.engine ?? (await getEngine());
  const principal = await authenticate(engine.db.prisma, opts.headers, { session: opts.session ?? false });
  return createInnerContext({ engine, principal, sameOrigin: isSameOrigin(opts.headers, opts.url) });
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 30_000 } },
  errorFormatter({ shape, error }) {
    const issues =
      error.cause instanceof z.ZodError
        ? error.cause.issues
        : isWeftError(error.cause, "VALIDATION")
          ? error.cause.issues
          : null;
    // An unexpected error's text (SQL, hosts) and any stack stay in the server log (the handlers' onError).
    const { stack: _stack, ...data } = shape.data;
    const message = error.code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : shape.message;
    return { ...shape, message, data: { ...data, issues } };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Weft's coded errors → the tRPC code of @weft/errors' table (the original stays as `cause`), and an unreachable
 * database → SERVICE_UNAVAILABLE (503, see unavailable.ts) wherever it surfaced.
 */
const codedErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const unavailable = asServiceUnavailable(result.error.cause ?? result.error);
  if (unavailable) throw unavailable;
  const coded = findWeftError(result.error);
  if (coded) throw new TRPCError({ code: errorMapping(coded.code).trpc, message: coded.message, cause: coded });
  return result;
});

/** Refuses input the database cannot store (NUL, unpaired surrogates) as VALIDATION naming the field. */
const storableInput = t.middleware(async ({ getRawInput, next }) => {
  const issues = findUnstorableText(await getRawInput());
  if (issues.length)
    throw invalid(
      `Invalid input: ${issues.map((i) => `${i.path.join(".") || "input"} ${i.message}`).join("; ")}`,
      issues,
    );
  return next();
});

/** Authenticated before anything reads the input: a request without a valid key never has its body parsed. */
export const orgProcedure = t.procedure
  .use(codedErrors)
  .use(({ ctx, type, next }) => {
    if (!ctx.principal) throw new WeftError("UNAUTHORIZED", "Missing or invalid API key");
    // A cookie is sent by the browser whoever asks: a change made with it must come from one of this server's pages.
    if (type === "mutation" && ctx.principal.via === "session" && !ctx.sameOrigin) {
      throw new WeftError(
        "FORBIDDEN",
        "Cross-origin request refused: a change made with the session cookie must come from this server's own pages",
      );
    }
    return next({
      ctx: { ...ctx, principal: ctx.principal, org: ctx.principal.organizationId, prisma: ctx.engine.db.prisma },
    });
  })
  .use(storableInput);
