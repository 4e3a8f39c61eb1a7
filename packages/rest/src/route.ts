// What a /v1 route is: method, path template, the snake_case request schemas (path, query, body), the response schema
// (for OpenAPI) and a handler that calls a tRPC procedure through the caller and maps its result with a DTO function.
import type { z } from "zod";
import type { createCaller } from "@weft/api";

type Caller = ReturnType<typeof createCaller>;
export type Method = "GET" | "POST" | "PATCH" | "DELETE";

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export type RouteInput<P, Q, B> = {
  caller: Caller;
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
  request: Request;
  /** Aborted when the client goes away (or a stream is cancelled): procedures and streams stop. */
  signal: AbortSignal;
  abort(): void;
};

export type Route = {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Query parameters that may repeat (`?a=1&a=2`): they reach the schema as string arrays. */
  arrayQuery?: string[];
  /** JSON response schema, or "sse" for a text/event-stream answer. */
  response: z.ZodType | "sse";
  /** Status codes besides 200 that this route answers with (documented in OpenAPI). */
  errors: number[];
  handle(input: AnyRouteInput): Promise<unknown>;
};

type AnyRouteInput = Omit<RouteInput<undefined, undefined, undefined>, "params" | "query" | "body"> & {
  params: unknown;
  query: unknown;
  body: unknown;
};

export function defineRoute<
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
>(route: {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  arrayQuery?: string[];
  response: z.ZodType | "sse";
  errors: number[];
  handle(input: RouteInput<P, Q, B>): Promise<unknown>;
}): Route {
  return route;
}
