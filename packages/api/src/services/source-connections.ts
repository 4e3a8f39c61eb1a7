// Source connections and their sync: create (optionally running at once), read with the summary people look at
// (status, schedule, run counts, last job, entities), update, schedule, delete.
import { notFound } from "@weft/errors";
import { randomUUID } from "node:crypto";
import { mergeCredentials, Prisma, sealCredentials, type PrismaClient } from "@weft/db";
import { recordWebhookEvent, setSchedule, setScheduleActive, type AccessPolicy, type Engine } from "@weft/engine";
import type { ConnectionListItemView, ConnectionView } from "../views";
import { countEntitiesByType, countEntitiesBySync } from "./entity-counts";
import { toView } from "./jobs";
import { latestJobsSql, readJobs, readRunCounts } from "./read-queries";
import { assertAllowedAccess, requireSource, storedSecretsStillApply, validateSourceConfig } from "./source-config";
import { ACTIVE_STATUSES, JOB } from "@weft/job-model";

// No `jobs: { take: 1 }` here: Prisma reads every job of the connection for it. The latest job is latestJobsSql.
const detailInclude = { collection: { select: { readableId: true } }, sync: true } as const;

type Row = Prisma.SourceConnectionGetPayload<{ include: typeof detailInclude }>;

async function summarize(prisma: PrismaClient, row: Row): Promise<ConnectionView> {
  const sync = row.sync;
  if (!sync) throw notFound("Source connection", row.id);
  const [runCount, entities, [last]] = await Promise.all([
    readRunCounts(prisma, row.id),
    countEntitiesByType(prisma, sync.id),
    readJobs(prisma, latestJobsSql([row.id], 1)),
  ]);
  const { credentials, collection, ...connection } = row;
  return {
    ...connection,
    sync,
    readableCollectionId: collection.readableId,
    hasCredentials: credentials !== null,
    supportsContinuous: requireSourceOrNull(row.shortName)?.supportsContinuous ?? false,
    cursorField: cursorFieldOf(row.shortName, row.config),
    stats: { totalRuns: runCount(), successfulRuns: runCount(JOB.COMPLETED), failedRuns: runCount(JOB.FAILED) },
    lastJob: last ?? null,
    entities,
  };
}

function cursorFieldOf(shortName: string, config: unknown): string | null {
  const source = requireSourceOrNull(shortName);
  const parsed = source?.configSchema.safeParse(config ?? {});
  return source?.cursorField && parsed?.success ? source.cursorField(parsed.data) : null;
}

function requireSourceOrNull(shortName: string) {
  try {
    return requireSource(shortName);
  } catch {
    return null;
  }
}

export async function getConnection(prisma: PrismaClient, organizationId: string, id: string): Promise<ConnectionView> {
  const row = await prisma.sourceConnection.findFirst({ where: { id, organizationId }, include: detailInclude });
  if (!row) throw notFound("Source connection", id);
  return summarize(prisma, row);
}

/** A page in creation order (id breaks ties) on source_connection_org_created_idx; `skip` is an OFFSET (linear). */
export async function listConnections(
  prisma: PrismaClient,
  organizationId: string,
  options: { skip: number; limit: number; collection?: string },
): Promise<ConnectionListItemView[]> {
  const rows = await prisma.sourceConnection.findMany({
    where: { organizationId, ...(options.collection ? { collection: { readableId: options.collection } } : {}) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    skip: options.skip,
    take: options.limit,
    include: detailInclude,
  });
  const [latest, entityTotals] = await Promise.all([
    readJobs(
      prisma,
      latestJobsSql(
        rows.map((r) => r.id),
        1,
      ),
    ),
    countEntitiesBySync(
      prisma,
      rows.flatMap((r) => (r.sync ? [r.sync.id] : [])),
    ),
  ]);
  const lastJobOf = new Map(latest.map((job) => [job.sourceConnectionId, job]));
  return rows.map((row) => {
    const { credentials: _c, collection, ...connection } = row;
    const lastJob = lastJobOf.get(row.id) ?? null;
    return {
      ...connection,
      readableCollectionId: collection.readableId,
      entityCount: row.sync ? (entityTotals.get(row.sync.id) ?? 0) : 0,
      lastJob,
    };
  });
}

/** The fields of a source_connection.* webhook payload. */
function connectionFields(id: string, collectionReadableId: string, shortName: string) {
  return {
    source_connection_id: id,
    collection_readable_id: collectionReadableId,
    source_type: shortName,
    is_authenticated: true,
  };
}

export type CreateConnection = {
  name?: string;
  shortName: string;
  readableCollectionId: string;
  description?: string | null;
  config: Record<string, unknown>;
  credentials?: Record<string, unknown>;
  schedule?: { cron?: string | null } | null;
  syncImmediately: boolean;
};

export async function createConnection(
  engine: Engine,
  organizationId: string,
  input: CreateConnection,
  trigger: "manual" | "api" = "api",
): Promise<ConnectionView> {
  const prisma = engine.db.prisma;
  const source = requireSource(input.shortName);
  const { config, credentials } = validateSourceConfig(source, input.config, input.credentials);
  await assertAllowedAccess(source, config, engine.access);
  const collection = await prisma.collection.findFirst({
    where: { organizationId, readableId: input.readableCollectionId },
    select: { id: true, readableId: true },
  });
  if (!collection) throw notFound("Collection", input.readableCollectionId);
  const name = input.name ?? `${source.name} connection`;
  // The id is chosen here because the sealed credentials are bound to it.
  const connectionId = randomUUID();
  const id = await prisma.$transaction(async (tx) => {
    const created = await tx.sourceConnection.create({
      data: {
        id: connectionId,
        organizationId,
        collectionId: collection.id,
        name,
        description: input.description ?? null,
        shortName: source.shortName,
        config: config as Prisma.InputJsonObject,
        credentials: Object.keys(credentials).length ? sealCredentials(connectionId, credentials) : undefined,
        sync: { create: { name: `${name} sync` } },
      },
      include: { sync: true },
    });
    if (input.schedule?.cron && created.sync) await setSchedule(tx, created.sync.id, input.schedule.cron);
    await recordWebhookEvent(
      tx,
      organizationId,
      "source_connection.created",
      connectionFields(created.id, collection.readableId, source.shortName),
    );
    return created.id;
  });
  const job = input.syncImmediately ? await engine.startRun({ organizationId, sourceConnectionId: id, trigger }) : null;
  const view = await getConnection(prisma, organizationId, id);
  // The answer describes the connection as created: its first job PENDING, even if a worker already took it.
  return job && view.lastJob?.id === job.id
    ? { ...view, lastJob: toView({ ...job, sync: { name: view.lastJob.syncName } }) }
    : view;
}

export type UpdateConnection = {
  name?: string;
  description?: string | null;
  config?: Record<string, unknown>;
  credentials?: Record<string, unknown>;
  schedule?: { cron: string | null } | null;
};

export async function updateConnection(
  prisma: PrismaClient,
  organizationId: string,
  id: string,
  input: UpdateConnection,
  access: AccessPolicy,
) {
  const current = await prisma.sourceConnection.findFirst({ where: { id, organizationId }, include: { sync: true } });
  if (!current?.sync) throw notFound("Source connection", id);
  const data: Prisma.SourceConnectionUpdateInput = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.description !== undefined) data.description = input.description;
  if (input.config !== undefined || input.credentials !== undefined) {
    const source = requireSource(current.shortName);
    const currentConfig = current.config as Record<string, unknown>;
    // A changed host, port, user or database drops the stored password unless this request gives a new one.
    const storedCredentials = storedSecretsStillApply(source, currentConfig, input.config)
      ? ((current.credentials ?? {}) as Record<string, unknown>)
      : {};
    const merged = validateSourceConfig(
      source,
      { ...currentConfig, ...input.config },
      { ...storedCredentials, ...input.credentials },
    );
    await assertAllowedAccess(source, merged.config, access);
    data.config = merged.config as Prisma.InputJsonObject;
    // Stored values stay sealed as they are; the ones given now are sealed. None left: the column is cleared.
    data.credentials = Object.keys(merged.credentials).length
      ? mergeCredentials(id, merged.credentials, input.credentials)
      : Prisma.DbNull;
  }
  const syncId = current.sync.id;
  await prisma.$transaction(async (tx) => {
    await tx.sourceConnection.update({ where: { id }, data });
    if (input.schedule !== undefined) await setSchedule(tx, syncId, input.schedule?.cron ?? null);
  });
  return getConnection(prisma, organizationId, id);
}

export async function setConnectionScheduleActive(
  prisma: PrismaClient,
  organizationId: string,
  id: string,
  active: boolean,
) {
  const current = await prisma.sourceConnection.findFirst({
    where: { id, organizationId },
    include: { sync: { select: { id: true } } },
  });
  if (!current?.sync) throw notFound("Source connection", id);
  await setScheduleActive(prisma, current.sync.id, active);
  return getConnection(prisma, organizationId, id);
}

/** Cancels the active job, deletes the connection with its sync, jobs and entities; returns what was deleted. */
export async function deleteConnection(engine: Engine, organizationId: string, id: string) {
  const prisma = engine.db.prisma;
  const view = await getConnection(prisma, organizationId, id);
  const active = await prisma.syncJob.findFirst({
    where: { sourceConnectionId: id, status: { in: [...ACTIVE_STATUSES] } },
    select: { id: true },
  });
  if (active) await engine.cancelJob({ organizationId, jobId: active.id }).catch(() => undefined);
  await prisma.$transaction(async (tx) => {
    await tx.sourceConnection.delete({ where: { id } });
    await recordWebhookEvent(
      tx,
      organizationId,
      "source_connection.deleted",
      connectionFields(id, view.readableCollectionId, view.shortName),
    );
  });
  return view;
}
