// AES-256-GCM for stored secrets. A sealed value is one string, `wsec1.<key id>.<iv>.<ciphertext+tag>` (base64url), so
// any column can hold one. The context (e.g. the row and field it belongs to) is authenticated but not stored: a
// sealed value copied to another row or field does not open there.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { keyring, reloadKeyring, type Keyring } from "./keyring";

const VERSION = "wsec1";
const SEALED = /^wsec1\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/;
const TAG_BYTES = 16;

export class SecretUnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretUnreadableError";
  }
}

export function isSealed(value: unknown): value is string {
  return typeof value === "string" && SEALED.test(value);
}

/** The id of the key a sealed value was made with. */
export function sealedKeyId(value: string): string | null {
  return SEALED.exec(value)?.[1] ?? null;
}

export function seal(plaintext: string, context: string, ring: Keyring = keyring()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", ring.current.key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, ring.current.id, iv.toString("base64url"), data.toString("base64url")].join(".");
}

export function open(sealed: string, context: string, ring: Keyring = keyring()): string {
  const match = SEALED.exec(sealed);
  if (!match) throw new SecretUnreadableError("a stored secret is not in Weft's encrypted form");
  const [, id, iv, data] = match as unknown as [string, string, string, string];
  // The key file may have been rotated by another process since this one loaded it.
  const found =
    ring.all.find((k) => k.id === id) ?? (ring.file ? reloadKeyring().all.find((k) => k.id === id) : undefined);
  if (!found) {
    throw new SecretUnreadableError(
      `a stored secret was encrypted with key ${id}, which this process does not have: set WEFT_SECRET_KEY to the same key on every Weft process (the current one is ${ring.current.id})`,
    );
  }
  const bytes = Buffer.from(data, "base64url");
  try {
    const decipher = createDecipheriv("aes-256-gcm", found.key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new SecretUnreadableError(
      `a stored secret did not decrypt under key ${id}: it was altered or belongs to another row`,
    );
  }
}
