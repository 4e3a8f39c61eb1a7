// Source connection credentials at rest: a JSON object whose every value is sealed on its own (so an update can keep
// the stored fields it does not change without decrypting them), each bound to its connection and field. Only the
// worker opens them, to run a job.
import { Prisma, type PrismaClient } from "../generated/prisma/client";
import { keyring, type Keyring } from "./keyring";
import { isSealed, open, seal, sealedKeyId, SecretUnreadableError } from "./seal";

export type SealedCredentials = Record<string, string>;

function context(connectionId: string, field: string): string {
  return `source_connection.credentials:${connectionId}:${field}`;
}

function asObject(stored: unknown): Record<string, unknown> {
  return stored && typeof stored === "object" && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
}

export function sealCredentials(
  connectionId: string,
  plain: Record<string, unknown>,
  ring?: Keyring,
): SealedCredentials {
  return Object.fromEntries(
    Object.entries(plain).map(([field, value]) => [
      field,
      seal(JSON.stringify(value), context(connectionId, field), ring),
    ]),
  );
}

/** The plaintext credentials, for the worker that runs a job. Throws if a value is not sealed or does not open. */
export function openCredentials(connectionId: string, stored: unknown, ring?: Keyring): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(asObject(stored)).map(([field, value]) => {
      if (!isSealed(value))
        throw new SecretUnreadableError(`credential "${field}" is stored unencrypted: restart Weft to encrypt it`);
      return [field, JSON.parse(open(value, context(connectionId, field), ring)) as unknown];
    }),
  );
}

/**
 * The credentials to store after an update: `validated` holds every field to keep (stored ones still sealed, given
 * ones in plaintext); fields present in `given` are sealed, the others keep their stored value untouched.
 */
export function mergeCredentials(
  connectionId: string,
  validated: Record<string, unknown>,
  given: Record<string, unknown> | undefined,
): SealedCredentials {
  const fresh = given ?? {};
  return Object.fromEntries(
    Object.entries(validated).map(([field, value]) => [
      field,
      field in fresh || !isSealed(value) ? seal(JSON.stringify(value), context(connectionId, field)) : value,
    ]),
  );
}

/** Reseals one row: plaintext values (from before encryption) are sealed, sealed ones re-encrypted when `all` is set. */
function reseal(
  connectionId: string,
  stored: Record<string, unknown>,
  ring: Keyring,
  all: boolean,
): SealedCredentials | null {
  let changed = false;
  const next: SealedCredentials = {};
  for (const [field, value] of Object.entries(stored)) {
    if (isSealed(value) && !all) {
      next[field] = value;
      continue;
    }
    const plain = isSealed(value) ? open(value, context(connectionId, field), ring) : JSON.stringify(value);
    next[field] = seal(plain, context(connectionId, field), ring);
    changed = true;
  }
  return changed ? next : null;
}

type Row = { id: string; credentials: Prisma.JsonValue };

/** Refuses to go on when stored secrets use a key this process lacks: it would split them between two keys. */
function assertKeysKnown(rows: Row[], ring: Keyring): void {
  const known = new Set(ring.all.map((k) => k.id));
  const unknown = new Set(
    rows
      .flatMap((r) =>
        Object.values(asObject(r.credentials)).flatMap((v) => (isSealed(v) ? [sealedKeyId(v) ?? ""] : [])),
      )
      .filter((id) => !known.has(id)),
  );
  if (unknown.size) {
    throw new SecretUnreadableError(
      `stored secrets are encrypted with key ${[...unknown].join(", ")}, which this process does not have (it has ${[...known].join(", ")}): set WEFT_SECRET_KEY to the same key on every Weft process, or restore the data directory's secret.key`,
    );
  }
}

function credentialRows(prisma: PrismaClient): Promise<Row[]> {
  return prisma.sourceConnection.findMany({
    where: { credentials: { not: Prisma.DbNull } },
    select: { id: true, credentials: true },
  });
}

/** Throws unless every stored secret opens with one of `ring`'s keys (checked before a rotation changes anything). */
export async function assertCredentialKeys(prisma: PrismaClient, ring: Keyring): Promise<void> {
  assertKeysKnown(await credentialRows(prisma), ring);
}

async function resealAll(prisma: PrismaClient, ring: Keyring, all: boolean): Promise<number> {
  const rows = await credentialRows(prisma);
  assertKeysKnown(rows, ring);
  let count = 0;
  for (const row of rows) {
    const next = reseal(row.id, asObject(row.credentials), ring, all);
    if (!next) continue;
    // Guarded: a row changed meanwhile (an update, another process doing the same) is left to that writer.
    const { count: updated } = await prisma.sourceConnection.updateMany({
      where: { id: row.id, credentials: { equals: row.credentials as Prisma.InputJsonValue } },
      data: { credentials: next },
    });
    count += updated;
  }
  return count;
}

/** At start: seals every credential still stored in plaintext (rows from before encryption). Returns rows changed. */
export function sealPlaintextCredentials(prisma: PrismaClient): Promise<number> {
  return resealAll(prisma, keyring(), false);
}

/** Re-encrypts every stored credential under `ring`'s current key (its other keys open the old values). */
export function resealAllCredentials(prisma: PrismaClient, ring: Keyring): Promise<number> {
  return resealAll(prisma, ring, true);
}
