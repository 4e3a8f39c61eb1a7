import { describe, expect, it } from "vitest";
import { z } from "zod";
import { getSource, sources } from "./registry";

describe("source registry", () => {
  it("lists the shipped sources by unique short name", () => {
    expect(sources.map((s) => s.shortName)).toEqual([
      "stub",
      "incremental_stub",
      "exception_stub",
      "filesystem",
      "postgresql",
    ]);
    expect(getSource("filesystem")?.name).toBe("Filesystem");
    expect(getSource("nope")).toBeUndefined();
  });

  it("marks exactly the cursor-keeping sources as continuous", () => {
    const continuous = sources.filter((s) => s.supportsContinuous).map((s) => s.shortName);
    expect(continuous).toEqual(["incremental_stub", "filesystem", "postgresql"]);
  });

  it.each(sources.map((s) => [s.shortName, s] as const))(
    "%s: config schema renders to JSON Schema with a description for every snake_case field",
    (_, source) => {
      const schema = z.toJSONSchema(source.configSchema, { io: "input" });
      const properties = (schema as { properties?: Record<string, { description?: string }> }).properties ?? {};
      expect(Object.keys(properties).length).toBeGreaterThan(0);
      for (const [name, property] of Object.entries(properties)) {
        expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(property.description, `${source.shortName}.${name}`).toBeTruthy();
      }
      for (const secret of source.secretFields) expect(Object.keys(properties)).toContain(secret);
    },
  );

  it("stub sources accept an empty config (all defaults)", () => {
    for (const name of ["stub", "incremental_stub", "exception_stub"]) {
      expect(getSource(name)?.configSchema.safeParse({}).success).toBe(true);
    }
  });
});
