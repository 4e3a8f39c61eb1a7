// The source types this server offers, described from their zod config schemas (the UI renders forms from this, and
// GET /v1/sources returns it), so a field's type, default, description and required mark live in one place.
import { notFound } from "@weft/errors";
import { z } from "zod";
import { sources, getSource, type AccessPolicy, type SourceDefinition } from "@weft/engine";
import type { ConfigField, SourceView } from "../views";

type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
};

function titleOf(name: string): string {
  return name.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
}

function typeOf(schema: JsonSchema): string {
  const type =
    schema.type ??
    schema.anyOf
      ?.map(typeOf)
      .filter((t) => t !== "null")
      .join(" | ") ??
    "string";
  return Array.isArray(type) ? type.filter((t) => t !== "null").join(" | ") : type;
}

/** The source with its fields described, including what this server allows them to reach (roots, addresses). */
function describeSource(source: SourceDefinition, access: AccessPolicy): SourceView {
  const schema = z.toJSONSchema(source.configSchema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  const required = new Set(schema.required ?? []);
  const notes = source.accessNotes?.(access) ?? {};
  const fields: ConfigField[] = Object.entries(schema.properties ?? {}).map(([name, field]) => ({
    name,
    title: titleOf(name),
    description: [field.description, notes[name]].filter(Boolean).join(" ") || null,
    type: typeOf(field),
    required: required.has(name) && field.default === undefined,
    isSecret: source.secretFields.includes(name),
    enumValues: field.enum ? field.enum.map(String) : null,
    default: field.default ?? null,
    minimum: field.minimum ?? null,
    maximum: field.maximum ?? null,
  }));
  return {
    shortName: source.shortName,
    name: source.name,
    description: source.description,
    configFields: fields,
    configJsonSchema: schema,
    entityTypes: [...source.entityTypes],
    supportsContinuous: source.supportsContinuous,
  };
}

export function listSources(access: AccessPolicy): SourceView[] {
  return sources.map((source) => describeSource(source, access));
}

export function getSourceView(shortName: string, access: AccessPolicy): SourceView {
  const source = getSource(shortName);
  if (!source) throw notFound("Source", shortName);
  return describeSource(source, access);
}
