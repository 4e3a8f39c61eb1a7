// Between a source's config fields and the form: initial text per field, and back to typed config + credentials.
import type { ConfigField } from "@/trpc/types";

export type FieldValue = string | boolean;
export type FieldValues = Record<string, FieldValue>;

const has = (field: ConfigField, type: string) => field.type.split(" | ").includes(type);
export const isNumeric = (field: ConfigField) => has(field, "integer") || has(field, "number");
export const isBoolean = (field: ConfigField) => has(field, "boolean");
export const isList = (field: ConfigField) => has(field, "array");
export const isRecord = (field: ConfigField) => has(field, "object");

/** What the field's input starts with: the stored value on edit, else the source's default. */
function initialValue(field: ConfigField, stored: unknown): FieldValue {
  const value = stored === undefined ? field.default : stored;
  if (field.isSecret) return "";
  if (isBoolean(field)) return value === true;
  if (value === null || value === undefined) return isRecord(field) ? "{}" : "";
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "object") return JSON.stringify(value, null, 2);
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "");
}

export function initialValues(fields: ConfigField[], stored: Record<string, unknown> = {}): FieldValues {
  return Object.fromEntries(fields.map((f) => [f.name, initialValue(f, stored[f.name])]));
}

type Parsed = { ok: true; value: unknown; omit?: boolean } | { ok: false; error: string };

function parseField(field: ConfigField, raw: FieldValue, editing: boolean): Parsed {
  if (isBoolean(field)) return { ok: true, value: raw === true };
  const text = String(raw).trim();
  if (text === "") {
    if (field.required && !(editing && field.isSecret)) return { ok: false, error: `${field.title} is required.` };
    // On edit, an emptied optional field whose default is null is cleared; otherwise the stored value or default stays.
    return editing && field.default === null && !field.isSecret
      ? { ok: true, value: null }
      : { ok: true, value: undefined, omit: true };
  }
  if (isNumeric(field)) {
    const n = Number(text);
    if (!Number.isFinite(n)) return { ok: false, error: `${field.title} must be a number.` };
    if (has(field, "integer") && !Number.isInteger(n))
      return { ok: false, error: `${field.title} must be a whole number.` };
    return { ok: true, value: n };
  }
  if (isRecord(field)) {
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === "object" && !Array.isArray(value)) return { ok: true, value };
    } catch {
      // reported below
    }
    return { ok: false, error: `${field.title} must be a JSON object, e.g. {"orders": "updated_at"}.` };
  }
  if (isList(field)) {
    const items = text
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    // "string | array" fields (e.g. tables: "*" or a list) keep their string default as a string.
    if (has(field, "string") && items.length === 1 && items[0] === field.default)
      return { ok: true, value: field.default };
    return { ok: true, value: items };
  }
  return { ok: true, value: text };
}

export type ConfigResult = {
  config: Record<string, unknown>;
  credentials: Record<string, unknown>;
  errors: Record<string, string>;
};

/** Typed config (secrets apart, as credentials) and per-field errors keyed like the server's ("config.<name>"). */
export function toConfig(fields: ConfigField[], values: FieldValues, editing: boolean): ConfigResult {
  const result: ConfigResult = { config: {}, credentials: {}, errors: {} };
  for (const field of fields) {
    const parsed = parseField(field, values[field.name] ?? "", editing);
    if (!parsed.ok) result.errors[`config.${field.name}`] = parsed.error;
    else if (!parsed.omit) (field.isSecret ? result.credentials : result.config)[field.name] = parsed.value;
  }
  return result;
}
