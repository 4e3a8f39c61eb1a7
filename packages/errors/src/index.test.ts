import { describe, expect, it } from "vitest";
import { ERROR_CODES, errorMapping, findWeftError, httpStatusOfTrpcCode, isWeftError, WeftError } from "./index";

describe("WeftError", () => {
  it("is recognised by its brand, also when made by another copy of the module", () => {
    const error = new WeftError("NOT_FOUND", "Collection not found: x");
    expect(isWeftError(error, "NOT_FOUND")).toBe(true);
    expect(isWeftError(error, "CONFLICT")).toBe(false);
    // What a second module graph's copy produces: another class, the same registered symbol.
    const foreign = Object.assign(new Error("elsewhere"), { [Symbol.for("weft.error")]: true, code: "CONFLICT" });
    expect(foreign instanceof WeftError).toBe(true);
    expect(isWeftError(foreign, "CONFLICT")).toBe(true);
  });

  it("is never recognised by name alone", () => {
    const impostor = Object.assign(new Error("same name"), { name: "WeftError", code: "NOT_FOUND" });
    expect(impostor instanceof WeftError).toBe(false);
    expect(isWeftError(impostor)).toBe(false);
  });

  it("is found inside the causes a tRPC error wraps it in", () => {
    const inner = new WeftError("VALIDATION", "bad", { issues: [{ path: ["a"], message: "bad" }] });
    expect(findWeftError(new Error("outer", { cause: new Error("middle", { cause: inner }) }))).toBe(inner);
    expect(findWeftError(new Error("plain"))).toBeNull();
  });

  it("maps every code to a tRPC code and an HTTP status", () => {
    expect(ERROR_CODES.map((code) => [code, errorMapping(code).trpc, errorMapping(code).http])).toEqual([
      ["NOT_FOUND", "NOT_FOUND", 404],
      ["CONFLICT", "CONFLICT", 409],
      ["ACTIVE_JOB_EXISTS", "CONFLICT", 409],
      ["VALIDATION", "BAD_REQUEST", 422],
      ["UNAUTHORIZED", "UNAUTHORIZED", 401],
      ["FORBIDDEN", "FORBIDDEN", 403],
      ["TOO_MANY_REQUESTS", "TOO_MANY_REQUESTS", 429],
      ["DATABASE_UNAVAILABLE", "SERVICE_UNAVAILABLE", 503],
    ]);
    expect(httpStatusOfTrpcCode("BAD_REQUEST")).toBe(422);
    expect(httpStatusOfTrpcCode("INTERNAL_SERVER_ERROR")).toBeNull();
  });
});
