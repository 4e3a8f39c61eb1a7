// Reads one regular file into entity content: metadata, SHA-256 of the bytes and, for text, the (capped) text.
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { createReadStream, type Stats } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { JsonValue } from "./types";

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

export async function readFileContent(
  absolutePath: string,
  relativePath: string,
  stats: Stats,
): Promise<{ type: FileKind; content: { [key: string]: JsonValue } }> {
  const { sha256, size, head } =
    stats.size < SNIFF_LIMIT_BYTES ? hashSmallFile(await readFile(absolutePath)) : await hashLargeFile(absolutePath);
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
async function hashLargeFile(absolutePath: string) {
  const hash = createHash("sha256");
  const head: Buffer[] = [];
  let headSize = 0;
  let size = 0;
  for await (const chunk of createReadStream(absolutePath)) {
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
