// Reads one regular file into entity content: metadata, SHA-256 of the bytes and, for text, the (capped) text.
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { constants, type Stats } from "node:fs";
import { open, realpath, stat, type FileHandle } from "node:fs/promises";
import { basename, extname } from "node:path";
import { isInside } from "./filesystem-roots";
import type { JsonValue } from "./types";

/** Read-only, never through a symlink, and never blocking on a FIFO swapped in for the file. */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Files below this size are read at once and may be recognised as text by their content. */
const SNIFF_LIMIT_BYTES = 1024 * 1024;
/** At most this much text is put into an entity. */
export const TEXT_CAP_BYTES = 256 * 1024;

const TEXT_EXTENSIONS = new Set(
  (
    ".md .markdown .mdx .txt .text .rst .adoc .tex .log .json .jsonl .ndjson .ts .tsx .mts .cts .js .jsx .mjs .cjs " +
    ".csv .tsv .yaml .yml .toml .ini .cfg .conf .env .properties .xml .html .htm .css .scss .sass .less .svg " +
    ".py .rb .go .rs .java .kt .kts .scala .c .h .cc .cpp .hpp .cs .php .swift .lua .r .pl .sh .bash .zsh .fish " +
    ".ps1 .bat .sql .graphql .gql .proto .vue .svelte .dockerfile .gradle .diff .patch"
  ).split(" "),
);

export type FileKind = "TextFileEntity" | "BinaryFileEntity";

/** The entity type a path would most likely get (used to label errors before the content is known). */
export function likelyKind(relativePath: string): FileKind {
  return TEXT_EXTENSIONS.has(extname(relativePath).toLowerCase()) ? "TextFileEntity" : "BinaryFileEntity";
}

/**
 * Opens a file for reading only if it is a regular file whose real path lies inside `confine`: opened with
 * O_NOFOLLOW, checked through the open descriptor, and matched (device and inode) to its real path, so a link swapped
 * in after the directory was listed is never read.
 */
async function openConfined(absolutePath: string, confine: string): Promise<{ handle: FileHandle; stats: Stats }> {
  const handle = await open(absolutePath, OPEN_FLAGS);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new Error(`"${absolutePath}" is not a regular file, so it was not read.`);
    const real = await realpath(absolutePath);
    const atReal = await stat(real);
    if (!isInside(real, confine) || atReal.ino !== stats.ino || atReal.dev !== stats.dev) {
      throw new Error(`"${absolutePath}" leads outside the allowed root ${confine}, so it was not read.`);
    }
    return { handle, stats };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

export async function readFileContent(
  absolutePath: string,
  relativePath: string,
  confine: string,
): Promise<{ type: FileKind; content: { [key: string]: JsonValue } }> {
  const { handle, stats } = await openConfined(absolutePath, confine);
  let read: { sha256: string; size: number; head: Buffer };
  try {
    read = stats.size < SNIFF_LIMIT_BYTES ? hashSmallFile(await handle.readFile()) : await hashLargeFile(handle);
  } finally {
    await handle.close();
  }
  const { sha256, size, head } = read;
  const extension = extname(relativePath).toLowerCase();
  const probe = head.subarray(0, TEXT_CAP_BYTES);
  const isText =
    !probe.includes(0) &&
    (TEXT_EXTENSIONS.has(extension) || (size < SNIFF_LIMIT_BYTES && !head.includes(0) && isUtf8(head)));
  const content: { [key: string]: JsonValue } = {
    path: relativePath,
    name: basename(relativePath),
    extension,
    size,
    modified_at: new Date(stats.mtimeMs).toISOString(),
    sha256,
  };
  if (!isText) return { type: "BinaryFileEntity", content };
  const truncated = size > TEXT_CAP_BYTES;
  // `stream: true` holds back a multi-byte character cut by the cap instead of emitting U+FFFD for it.
  content.text = new TextDecoder("utf-8").decode(probe, { stream: truncated });
  content.text_truncated = truncated;
  return { type: "TextFileEntity", content };
}

function hashSmallFile(bytes: Buffer) {
  return { sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length, head: bytes };
}

/** Streams the file through SHA-256, keeping only its first TEXT_CAP_BYTES in memory. */
async function hashLargeFile(handle: FileHandle) {
  const hash = createHash("sha256");
  const head: Buffer[] = [];
  let headSize = 0;
  let size = 0;
  for await (const chunk of handle.createReadStream({ autoClose: false })) {
    if (!Buffer.isBuffer(chunk)) continue;
    hash.update(chunk);
    size += chunk.length;
    if (headSize < TEXT_CAP_BYTES) {
      const part = chunk.subarray(0, TEXT_CAP_BYTES - headSize);
      head.push(part);
      headSize += part.length;
    }
  }
  return { sha256: hash.digest("hex"), size, head: Buffer.concat(head) };
}
