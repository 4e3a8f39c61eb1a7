"use client";
import { Checkbox, Input, NativeSelect, Textarea } from "@/components/ui/input";
import { formatNumber } from "@/lib/format";
import type { ConfigField } from "@/trpc/types";
import { isBoolean, isList, isNumeric, isRecord, type FieldValue, type FieldValues } from "./config-values";
import { describedBy, FormField } from "./form-field";

type Props = {
  fields: ConfigField[];
  values: FieldValues;
  errors: Record<string, string>;
  onChange: (name: string, value: FieldValue) => void;
  /** On edit: secrets are stored but never shown again. */
  secretsSaved: boolean;
};

function help(field: ConfigField, secretsSaved: boolean): string | null {
  const parts = [field.description];
  if (isList(field)) parts.push(isRecord(field) ? null : "Separate several values with commas.");
  if (field.isSecret)
    parts.push(
      secretsSaved ? "Saved; leave empty to keep it." : "Stored as a secret credential: it is never shown again.",
    );
  const bounded = (n: number | null) => n !== null && Math.abs(n) < Number.MAX_SAFE_INTEGER;
  if (isNumeric(field) && (bounded(field.minimum) || bounded(field.maximum))) {
    const show = (n: number | null, none: string) => (n !== null && bounded(n) ? formatNumber(n) : none);
    parts.push(`Between ${show(field.minimum, "−∞")} and ${show(field.maximum, "∞")}.`);
  }
  return parts.filter(Boolean).join(" ") || null;
}

/** One input per config field, chosen by its type: number, checkbox, select, comma list, JSON object, password, text. */
export function ConfigFields({ fields, values, errors, onChange, secretsSaved }: Props) {
  return (
    <div className="grid gap-5 sm:grid-cols-2">
      {fields.map((field) => {
        const id = `config-${field.name}`;
        const error = errors[`config.${field.name}`];
        const helpText = help(field, secretsSaved);
        const aria = { ...describedBy(id, helpText, error), "aria-required": field.required || undefined };
        const value = values[field.name] ?? "";
        const text = typeof value === "string" ? value : "";
        const wide = isRecord(field);
        let input;
        if (isBoolean(field)) {
          input = (
            <Checkbox
              id={id}
              checked={value === true}
              onChange={(e) => onChange(field.name, e.target.checked)}
              {...aria}
            />
          );
        } else if (field.enumValues) {
          input = (
            <NativeSelect id={id} value={text} onChange={(e) => onChange(field.name, e.target.value)} {...aria}>
              {field.required ? null : <option value="">(default)</option>}
              {field.enumValues.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </NativeSelect>
          );
        } else if (isRecord(field)) {
          input = (
            <Textarea
              id={id}
              value={text}
              rows={4}
              spellCheck={false}
              onChange={(e) => onChange(field.name, e.target.value)}
              {...aria}
            />
          );
        } else if (isNumeric(field)) {
          const bound = (n: number | null) => (n !== null && Math.abs(n) < Number.MAX_SAFE_INTEGER ? n : undefined);
          input = (
            <Input
              id={id}
              type="number"
              inputMode="numeric"
              value={text}
              min={bound(field.minimum)}
              max={bound(field.maximum)}
              step={field.type.includes("integer") ? 1 : "any"}
              placeholder={field.default === null ? "Not set" : undefined}
              onChange={(e) => onChange(field.name, e.target.value)}
              {...aria}
            />
          );
        } else if (field.isSecret) {
          input = (
            <Input
              id={id}
              type="password"
              autoComplete="new-password"
              value={text}
              placeholder={secretsSaved ? "•••• (saved) — leave empty to keep" : undefined}
              onChange={(e) => onChange(field.name, e.target.value)}
              {...aria}
            />
          );
        } else {
          input = (
            <Input
              id={id}
              value={text}
              spellCheck={false}
              onChange={(e) => onChange(field.name, e.target.value)}
              {...aria}
            />
          );
        }
        return (
          <div key={field.name} className={wide ? "sm:col-span-2" : undefined}>
            <FormField
              id={id}
              label={field.title}
              required={field.required}
              help={helpText}
              error={error}
              inline={isBoolean(field)}
            >
              {input}
            </FormField>
          </div>
        );
      })}
    </div>
  );
}
