// Content hash of an entity: SHA-256 over canonical JSON (keys sorted at every level) without its volatile fields,
// so the same record always hashes the same however its source ordered the keys.
import { createHash } from "node:crypto";
import { configure } from "safe-stable-stringify";
import type { SourceEntity } from "./sources/types";

const canonicalJson = configure({ deterministic: true, bigint: true, circularValue: Error });

function canonicalize(value: unknown): string {
  return canonicalJson(value) ?? "null";
}

/** The entity's content as canonical JSON (what is stored) and the hash of it without volatile fields. */
export function hashedEntity(entity: SourceEntity): { json: string; hash: string } {
  const json = canonicalize(entity.content);
  if (!entity.volatileFields?.length) return { json, hash: createHash("sha256").update(json).digest("hex") };
  const stable = { ...entity.content };
  for (const field of entity.volatileFields) delete stable[field];
  return { json, hash: createHash("sha256").update(canonicalize(stable)).digest("hex") };
}
