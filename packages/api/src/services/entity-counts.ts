// A sync's stored entities counted per type: the one place the API reads them. The sync pipeline keeps
// entity_type_count in step in the transaction of every batch and sweep, so a read is a few rows, never a count over
// the entities.
import { Prisma, type PrismaClient } from "@weft/db";

export type EntityCounts = { total: number; byType: Record<string, { count: number; lastUpdated: Date | null }> };

export function entityCountsByTypeSql(syncId: string): Prisma.Sql {
  return Prisma.sql`SELECT entity_type AS "entityType", count, last_updated AS "lastUpdated"
    FROM entity_type_count WHERE sync_id = ${syncId}::uuid AND count > 0 ORDER BY entity_type`;
}

export function entityTotalsSql(syncIds: string[]): Prisma.Sql {
  const ids = syncIds.length ? Prisma.join(syncIds.map((id) => Prisma.sql`${id}::uuid`)) : Prisma.sql`NULL`;
  return Prisma.sql`SELECT sync_id::text AS "syncId", sum(count)::int AS count
    FROM entity_type_count WHERE sync_id = ANY(ARRAY[${ids}]::uuid[]) GROUP BY sync_id`;
}

/** The connection detail's counts: per type, and their sum. */
export async function countEntitiesByType(prisma: PrismaClient, syncId: string): Promise<EntityCounts> {
  const rows = await prisma.$queryRaw<{ entityType: string; count: number; lastUpdated: Date | null }[]>(
    entityCountsByTypeSql(syncId),
  );
  return {
    total: rows.reduce((n, r) => n + r.count, 0),
    byType: Object.fromEntries(rows.map((r) => [r.entityType, { count: r.count, lastUpdated: r.lastUpdated }])),
  };
}

/** The connection list's totals, by sync id (a sync without entities is absent). */
export async function countEntitiesBySync(prisma: PrismaClient, syncIds: string[]): Promise<Map<string, number>> {
  if (syncIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<{ syncId: string; count: number }[]>(entityTotalsSql(syncIds));
  return new Map(rows.map((r) => [r.syncId, r.count]));
}
