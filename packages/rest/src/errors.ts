// Errors exactly as CONTRACT.md: `{ "detail": "<message>" }` for 401/404/409/…, FastAPI-style 422 lists for invalid
// input, and never a 500 for anything a client can send (an unexpected error is logged and answered as a 500).
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { errorMapping, findWeftError, httpStatusOfTrpcCode } from "@weft/errors";
import { asServiceUnavailable, RETRY_AFTER_SECONDS } from "@weft/api";
import { logger } from "@weft/engine/log";

const log = logger("rest");

export type Location = "path" | "query" | "body";
export type ValidationIssue = { loc: (string | number)[]; msg: string; type: string };

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}

export function detail(status: number, message: string): Response {
  return json({ detail: message }, status);
}

export function unprocessable(issues: ValidationIssue[]): Response {
  return json({ detail: issues }, 422);
}

function issueType(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "missing" : `${issue.expected}_type`;
    case "too_small":
      return issue.origin === "string" ? "string_too_short" : "greater_than_equal";
    case "too_big":
      return issue.origin === "string" ? "string_too_long" : "less_than_equal";
    case "invalid_format":
      return issue.format === "guid" || issue.format === "uuid" ? "uuid_parsing" : "string_pattern_mismatch";
    case "invalid_value":
      return "enum";
    case "unrecognized_keys":
      return "extra_forbidden";
    default:
      return "value_error";
  }
}

export function zodIssues(location: Location, error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    loc: [location, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
    msg: issue.code === "invalid_type" && issue.input === undefined ? "Field required" : issue.message,
    type: issueType(issue),
  }));
}

/** A procedure's error as the REST answer: status and `detail` from @weft/errors' table. */
export function errorResponse(error: unknown): Response {
  // The database unreachable: 503 with Retry-After, whichever layer it surfaced in.
  const unavailable = asServiceUnavailable(error);
  if (unavailable) return json({ detail: unavailable.message }, 503, { "retry-after": String(RETRY_AFTER_SECONDS) });
  const coded = findWeftError(error);
  if (coded?.code === "VALIDATION") {
    return unprocessable(coded.issues.map((i) => ({ loc: ["body", ...i.path], msg: i.message, type: "value_error" })));
  }
  if (coded) return detail(errorMapping(coded.code).http, coded.message);
  if (error instanceof TRPCError) {
    if (error.code === "BAD_REQUEST") {
      if (error.cause instanceof z.ZodError) return unprocessable(zodIssues("body", error.cause));
      return unprocessable([{ loc: ["body"], msg: error.message, type: "value_error" }]);
    }
    const status = httpStatusOfTrpcCode(error.code);
    if (status) return detail(status, error.message);
  }
  log.error({ err: error }, "unexpected failure");
  return detail(500, "Internal server error");
}
