// Every caller acts for one organization. The operator CLI and the demo bootstrap name the default one when no
// other is given.
import type { PrismaClient } from "@weft/db";

export const DEFAULT_ORGANIZATION = "default";

/** The organization of that name, created if it does not exist yet. */
export async function ensureOrganization(prisma: PrismaClient, name: string) {
  return prisma.organization.upsert({ where: { name }, create: { name }, update: {} });
}
