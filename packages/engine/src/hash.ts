// Content hash of an entity: SHA-256 over canonical JSON (keys sorted at every level) without its volatile fields,
// so the same record always hashes the same however its source ordered the keys.
import { createHash } from "node:crypto";
import { configure } from "safe-stable-stringify";
import type { SourceEntity } from "./sources/types";

const canonicalJson = configure({ deterministic: true, bigint: true, circularValue: Error });

export function canonicalize(value: unknown): string {
  return canonicalJson(value) ?? "null";
}

export function entityHash(entity: SourceEntity): string {
  let content = entity.content;
  if (entity.volatileFields?.length) {
    content = { ...content };
    for (const field of entity.volatileFields) delete content[field];
  }
  return createHash("sha256").update(canonicalize(content)).digest("hex");
}
