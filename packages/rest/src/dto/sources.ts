// Source type DTO: config fields derived from the source's zod schema; secret fields are listed as auth fields too.
import { z } from "zod";
import type { SourceView } from "@weft/api";

const field = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  type: z.string(),
  required: z.boolean(),
  is_secret: z.boolean(),
  enum_values: z.array(z.string()).nullable(),
  default: z.unknown(),
});

export const sourceSchema = z.object({
  short_name: z.string(),
  name: z.string(),
  description: z.string(),
  auth_methods: z.array(z.literal("direct")),
  config_fields: z.object({ fields: z.array(field) }),
  auth_fields: z.object({ fields: z.array(field) }).nullable(),
  output_entity_definitions: z.array(z.string()),
  supports_continuous: z.boolean(),
  labels: z.array(z.string()),
});

export function sourceDto(s: SourceView): z.infer<typeof sourceSchema> {
  const fields = s.configFields.map((f) => ({
    name: f.name,
    title: f.title,
    description: f.description,
    type: f.type,
    required: f.required,
    is_secret: f.isSecret,
    enum_values: f.enumValues,
    default: f.default,
  }));
  const secrets = fields.filter((f) => f.is_secret);
  return {
    short_name: s.shortName,
    name: s.name,
    description: s.description,
    auth_methods: ["direct"],
    config_fields: { fields },
    auth_fields: secrets.length ? { fields: secrets } : null,
    output_entity_definitions: s.entityTypes,
    supports_continuous: s.supportsContinuous,
    labels: [],
  };
}
