// A connection's configuration against its source type's schema: defaults applied, errors reported per field, and
// secret fields (passwords) split off into credentials so they are never stored with — or returned as — config.
import { invalid } from "@weft/errors";
import { getSource, type AccessPolicy, type SourceDefinition } from "@weft/engine";

export function requireSource(shortName: string): SourceDefinition {
  const source = getSource(shortName);
  if (!source)
    throw invalid(`Source not found: ${shortName}`, [
      { path: ["short_name"], message: `Source not found: ${shortName}` },
    ]);
  return source;
}

export type SplitConfig = { config: Record<string, unknown>; credentials: Record<string, unknown> };

/** Validates config (+ credentials) for the source; returns the defaulted config without secrets, and the secrets. */
export function validateSourceConfig(
  source: SourceDefinition,
  config: Record<string, unknown>,
  credentials: Record<string, unknown> = {},
): SplitConfig {
  const parsed = source.configSchema.safeParse({ ...config, ...credentials });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      path: ["config", ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
      message: i.message,
    }));
    throw invalid(
      `Invalid config for source ${source.shortName}: ${issues.map((i) => `${i.path.slice(1).join(".")}: ${i.message}`).join("; ")}`,
      issues,
    );
  }
  const all = parsed.data as Record<string, unknown>;
  const split: SplitConfig = { config: {}, credentials: {} };
  for (const [key, value] of Object.entries(all)) {
    if (source.secretFields.includes(key)) {
      if (value !== undefined) split.credentials[key] = value;
    } else {
      split.config[key] = value;
    }
  }
  return split;
}

/** Refuses, naming the field, a config that reaches an address or directory the operator does not allow. */
export async function assertAllowedAccess(
  source: SourceDefinition,
  config: Record<string, unknown>,
  access: AccessPolicy,
): Promise<void> {
  const issues = (await source.checkAccess?.(config, access)) ?? [];
  if (issues.length === 0) return;
  const fields = issues.map((i) => ({ path: ["config", ...i.path], message: i.message }));
  throw invalid(
    `Invalid config for source ${source.shortName}: ${issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    fields,
  );
}

/**
 * False when an update changes a field the stored secrets were entered for (a PostgreSQL host, port, user or
 * database): a stored password is never sent to a destination it was not entered for.
 */
export function storedSecretsStillApply(
  source: SourceDefinition,
  current: Record<string, unknown>,
  changes: Record<string, unknown> = {},
): boolean {
  return (source.secretsBoundTo ?? []).every((field) => !(field in changes) || changes[field] === current[field]);
}
