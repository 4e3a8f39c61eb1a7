// The content generator shared by the stub sources: entity `index` of seed `seed` is always the same entity,
// whatever the entity count, and costs a few dozen PRNG calls (no per-word work), so millions are cheap.
import { mulberry32, pick, randomHex, randomInt, seedFor, type Random } from "./random";
import { ADJECTIVES, ADVERBIALS, FILE_KINDS, NOUNS, PEOPLE, TAGS, VERBS } from "./stub-vocabulary";
import type { JsonValue, SourceEntity } from "./types";

export const STUB_ENTITY_TYPES = [
  "StubDocumentEntity",
  "StubTaskEntity",
  "StubCommentEntity",
  "StubFileEntity",
] as const;

const BASE_TIME_MS = Date.UTC(2023, 0, 1);
const DAY_S = 24 * 3600;
const SPAN_DAYS = 2 * 365;
/** Dates are whole seconds within SPAN_DAYS (+ up to 90 days later): formatted from tables, not Date, for speed. */
const DAYS = Array.from({ length: SPAN_DAYS + 91 }, (_, day) =>
  new Date(BASE_TIME_MS + day * DAY_S * 1000).toISOString().slice(0, 10),
);
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, "0"));
const TASK_STATUSES = ["todo", "in_progress", "in_review", "done", "blocked"] as const;
const PRIORITIES = ["low", "medium", "high", "urgent"] as const;
const DOC_STATUSES = ["draft", "published", "archived"] as const;
const STORY_POINTS = [1, 2, 3, 5, 8, 13] as const;

/** A fixed pool of paragraphs (the same for every seed), so bodies are a few concatenations, not word-by-word work. */
const PARAGRAPHS: { text: string; words: number }[] = (() => {
  const random = mulberry32(0x5eed);
  const sentence = () =>
    `The ${pick(random, ADJECTIVES)} ${pick(random, NOUNS)} ${pick(random, VERBS)} the ` +
    `${pick(random, ADJECTIVES)} ${pick(random, NOUNS)} ${pick(random, ADVERBIALS)}.`;
  return Array.from({ length: 2048 }, () => {
    const text = Array.from({ length: randomInt(random, 1, 5) }, sentence).join(" ");
    return { text, words: text.split(" ").length };
  });
})();

/** Up to `maxParagraphs` (at least `minParagraphs`) paragraphs of prose, and their word count. */
function prose(random: Random, minParagraphs: number, maxParagraphs: number): { text: string; words: number } {
  const count = randomInt(random, minParagraphs, maxParagraphs);
  let text = "";
  let words = 0;
  for (let i = 0; i < count; i++) {
    const paragraph = PARAGRAPHS[Math.floor(random() * PARAGRAPHS.length)] ?? { text: "", words: 0 };
    text += i === 0 ? paragraph.text : `\n\n${paragraph.text}`;
    words += paragraph.words;
  }
  return { text, words };
}

const CAPITALISED_ADJECTIVES = ADJECTIVES.map((word) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`) as [
  string,
  ...string[],
];
const EMAILS = new Map<string, string>(
  PEOPLE.map((name) => [name, `${name.toLowerCase().replace(" ", ".")}@example.com`]),
);

function title(random: Random): string {
  return `${pick(random, CAPITALISED_ADJECTIVES)} ${pick(random, NOUNS)} ${pick(random, NOUNS)}`;
}

function tags(random: Random): string[] {
  const count = randomInt(random, 1, 3);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const tag = pick(random, TAGS);
    if (!out.includes(tag)) out.push(tag);
  }
  return out;
}

/** Seconds since BASE_TIME_MS. */
function timestamp(random: Random): number {
  return Math.floor(random() * SPAN_DAYS * DAY_S);
}

/** `seconds` (since BASE_TIME_MS) plus `days` as an ISO 8601 UTC timestamp. */
function isoTime(seconds: number, days = 0): string {
  const day = Math.floor(seconds / DAY_S);
  const time = seconds - day * DAY_S;
  const hours = Math.floor(time / 3600);
  const minutes = Math.floor((time % 3600) / 60);
  return `${isoDate(seconds, days)}T${TWO_DIGITS[hours]}:${TWO_DIGITS[minutes]}:${TWO_DIGITS[time % 60]}.000Z`;
}

function isoDate(seconds: number, days = 0): string {
  return DAYS[Math.floor(seconds / DAY_S) + days] ?? "";
}

function email(name: string): string {
  return EMAILS.get(name) ?? "";
}

/** Entity `index` (id `stub-<index>`) of the stream seeded by `seed`. */
export function generateStubEntity(seed: number, index: number): SourceEntity {
  const random = mulberry32(seedFor(seed, index));
  const roll = random();
  const id = `stub-${index}`;
  const created = timestamp(random);
  const createdAt = isoTime(created);
  let type: string;
  let content: { [key: string]: JsonValue };
  if (roll < 0.35) {
    type = "StubDocumentEntity";
    const body = prose(random, 1, 12);
    const author = pick(random, PEOPLE);
    content = {
      title: title(random),
      body: body.text,
      word_count: body.words,
      author,
      author_email: email(author),
      status: pick(random, DOC_STATUSES),
      version: randomInt(random, 1, 12),
      tags: tags(random),
      created_at: createdAt,
      updated_at: isoTime(created, randomInt(random, 0, 90)),
    };
  } else if (roll < 0.65) {
    type = "StubTaskEntity";
    content = {
      title: title(random),
      description: prose(random, 1, 3).text,
      status: pick(random, TASK_STATUSES),
      priority: pick(random, PRIORITIES),
      assignee: pick(random, PEOPLE),
      reporter: pick(random, PEOPLE),
      story_points: pick(random, STORY_POINTS),
      estimate_hours: randomInt(random, 1, 80) / 2,
      due_date: isoDate(created, randomInt(random, 1, 60)),
      labels: tags(random),
      created_at: createdAt,
    };
  } else if (roll < 0.9) {
    type = "StubCommentEntity";
    const author = pick(random, PEOPLE);
    content = {
      body: prose(random, 1, 2).text,
      author,
      author_email: email(author),
      parent_id: index > 0 ? `stub-${Math.floor(random() * index)}` : null,
      reactions: { thumbs_up: randomInt(random, 0, 12), heart: randomInt(random, 0, 4) },
      edited: random() < 0.2,
      created_at: createdAt,
    };
  } else {
    type = "StubFileEntity";
    const kind = pick(random, FILE_KINDS);
    const name = `${pick(random, ADJECTIVES)}-${pick(random, NOUNS).toLowerCase()}-${index}.${kind.extension}`;
    content = {
      name,
      extension: kind.extension,
      mime_type: kind.mimeType,
      folder: `/shared/${pick(random, TAGS)}/${pick(random, NOUNS).toLowerCase()}`,
      size_bytes: randomInt(random, 512, 25_000_000),
      checksum_sha256: randomHex(random, 8),
      owner: pick(random, PEOPLE),
      description: prose(random, 1, 1).text,
      created_at: createdAt,
      modified_at: isoTime(created, randomInt(random, 0, 30)),
    };
  }
  return { kind: "entity", type, id, content };
}
