// The keys that encrypt stored secrets. WEFT_SECRET_KEY when set (with WEFT_SECRET_KEY_PREVIOUS, decrypt-only, while a
// rotation moves secrets off them); otherwise `secret.key` in the data directory, created once with mode 0600 and used
// by every later start. The file holds one base64 key per line: the first encrypts, the others only decrypt (they are
// there only while `pnpm weft secrets rotate` runs).
import { createHash, randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { dataDir, env } from "@weft/config";

export type SecretKey = { id: string; key: Buffer };
/** `file` is null when the keys come from the environment (or live only in memory, beside an in-memory database). */
export type Keyring = { current: SecretKey; all: SecretKey[]; file: string | null };

/** A short, stable name of a key, stored with every ciphertext so the right key is found after a rotation. */
export function keyId(key: Buffer): string {
  return createHash("sha256").update("weft-secret-key-id\0").update(key).digest("base64url").slice(0, 10);
}

function toKey(base64: string): SecretKey {
  const key = Buffer.from(base64, "base64");
  if (key.length !== 32) throw new Error("a secret key must be the base64 of 32 bytes");
  return { id: keyId(key), key };
}

export function newSecretKey(): string {
  return randomBytes(32).toString("base64");
}

export function secretKeyFile(): string | null {
  const dir = dataDir();
  return dir.startsWith("memory://") ? null : join(dir, "secret.key");
}

/** Replaces the key file in one rename (a reader sees the old file or the new one, never half of one). */
export function writeKeyFile(file: string, keys: string[]): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(tmp, `${keys.join("\n")}\n`, { mode: 0o600, flag: "wx" });
  renameSync(tmp, file);
}

/** Creates the file with a fresh key unless it exists; a link() cannot replace a file, so racing processes agree. */
function ensureKeyFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(tmp, `${newSecretKey()}\n`, { mode: 0o600, flag: "wx" });
  try {
    linkSync(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(tmp);
  }
}

export function readKeyFile(file: string): string[] {
  const keys = readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  if (!keys.length)
    throw new Error(`${file} holds no key: delete it only if no secret was stored under it, or restore it`);
  return keys;
}

function build(keys: string[], file: string | null): Keyring {
  const all = keys.map(toKey);
  const current = all[0];
  if (!current) throw new Error("no secret key");
  return { current, all, file };
}

function load(): Keyring {
  if (env.WEFT_SECRET_KEY) return build([env.WEFT_SECRET_KEY, ...env.WEFT_SECRET_KEY_PREVIOUS], null);
  const file = secretKeyFile();
  // An in-memory database lives as long as the process; so may its key.
  if (!file) return build([newSecretKey()], null);
  ensureKeyFile(file);
  return build(readKeyFile(file), file);
}

const holder = globalThis as typeof globalThis & { __weftKeyring?: Keyring };

/** This process's keys, loaded (and the key file created) on first use. */
export function keyring(): Keyring {
  holder.__weftKeyring ??= load();
  return holder.__weftKeyring;
}

/** Forgets the loaded keys: the next use reads them again (after a rotation rewrote the key file). */
export function reloadKeyring(): Keyring {
  holder.__weftKeyring = undefined;
  return keyring();
}
