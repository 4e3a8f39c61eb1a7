// Collections: named groups of source connections, addressed by a readable id unique in the organization.
import { notFound, WeftError } from "@weft/errors";
import { randomBytes } from "node:crypto";
import { COLLECTION_READABLE_ID_KEY, isUniqueViolation, type Prisma, type PrismaClient } from "@weft/db";
import { recordWebhookEvent, type Engine } from "@weft/engine";
import { ACTIVE_STATUSES, JOB } from "@weft/job-model";
import { latestJobsSql, readJobs } from "./read-queries";

// The connections' latest jobs come from latestJobsSql: a nested `jobs: { take: 1 }` makes Prisma read every job.
const collectionInclude = {
  sourceConnections: {
    select: { id: true, shortName: true, name: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  },
} satisfies Prisma.CollectionInclude;

type CollectionRow = Prisma.CollectionGetPayload<{ include: typeof collectionInclude }>;

/** Each connection with its latest job's status (`jobs`: none or one), as the collection view shows them. */
async function withLatestJobs(prisma: PrismaClient, rows: CollectionRow[]) {
  const ids = rows.flatMap((row) => row.sourceConnections.map((c) => c.id));
  const latest = ids.length ? await readJobs(prisma, latestJobsSql(ids, 1)) : [];
  const statusOf = new Map(latest.map((job) => [job.sourceConnectionId, job.status]));
  return rows.map((row) =>
    withStatus({
      ...row,
      sourceConnections: row.sourceConnections.map(({ id, ...c }) => {
        const status = statusOf.get(id);
        return { ...c, jobs: status ? [{ status }] : [] };
      }),
    }),
  );
}

function slug(name: string): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "collection";
  const suffix = Array.from(randomBytes(6), (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");
  return `${base}-${suffix}`;
}

function withStatus<T extends { sourceConnections: { jobs: { status: string }[] }[] }>(collection: T) {
  const last = collection.sourceConnections.map((c) => c.jobs[0]?.status);
  const status: "ACTIVE" | "NEEDS SOURCE" | "ERROR" =
    collection.sourceConnections.length === 0
      ? "NEEDS SOURCE"
      : last.some((s) => s === JOB.FAILED)
        ? "ERROR"
        : "ACTIVE";
  return { ...collection, status };
}

/** The fields of a collection.* webhook payload. */
function collectionFields(c: { id: string; name: string; readableId: string }) {
  return { collection_id: c.id, collection_name: c.name, collection_readable_id: c.readableId };
}

/** A page in creation order (id breaks ties) on collection_org_created_idx; `skip` is an OFFSET (linear). */
export async function listCollections(prisma: PrismaClient, organizationId: string, skip: number, limit: number) {
  const rows = await prisma.collection.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    skip,
    take: limit,
    include: collectionInclude,
  });
  return withLatestJobs(prisma, rows);
}

export async function getCollection(prisma: PrismaClient, organizationId: string, readableId: string) {
  const row = await prisma.collection.findFirst({ where: { organizationId, readableId }, include: collectionInclude });
  if (!row) throw notFound("Collection", readableId);
  const [collection] = await withLatestJobs(prisma, [row]);
  if (!collection) throw notFound("Collection", readableId);
  return collection;
}

export async function createCollection(
  prisma: PrismaClient,
  organizationId: string,
  input: { name: string; readableId?: string },
) {
  const readableId = input.readableId ?? slug(input.name);
  try {
    // The webhook event commits with the collection (outbox).
    await prisma.$transaction(async (tx) => {
      const created = await tx.collection.create({ data: { organizationId, name: input.name, readableId } });
      await recordWebhookEvent(tx, organizationId, "collection.created", collectionFields(created));
    });
  } catch (error) {
    if (isUniqueViolation(error, COLLECTION_READABLE_ID_KEY))
      throw new WeftError("CONFLICT", `A collection with readable_id "${readableId}" already exists`);
    throw error;
  }
  return getCollection(prisma, organizationId, readableId);
}

export async function updateCollection(prisma: PrismaClient, organizationId: string, readableId: string, name: string) {
  const count = await prisma.$transaction(async (tx) => {
    const updated = await tx.collection.updateManyAndReturn({ where: { organizationId, readableId }, data: { name } });
    for (const row of updated)
      await recordWebhookEvent(tx, organizationId, "collection.updated", collectionFields(row));
    return updated.length;
  });
  if (count === 0) throw notFound("Collection", readableId);
  return getCollection(prisma, organizationId, readableId);
}

/** Deletes the collection and its connections (their active jobs are cancelled first); returns what was deleted. */
export async function deleteCollection(engine: Engine, organizationId: string, readableId: string) {
  const prisma = engine.db.prisma;
  const collection = await getCollection(prisma, organizationId, readableId);
  const active = await prisma.syncJob.findMany({
    where: {
      organizationId,
      sourceConnection: { collection: { readableId, organizationId } },
      status: { in: [...ACTIVE_STATUSES] },
    },
    select: { id: true },
  });
  for (const job of active) await engine.cancelJob({ organizationId, jobId: job.id }).catch(() => undefined);
  await prisma.$transaction(async (tx) => {
    await tx.collection.delete({ where: { id: collection.id } });
    await recordWebhookEvent(tx, organizationId, "collection.deleted", collectionFields(collection));
  });
  return collection;
}
