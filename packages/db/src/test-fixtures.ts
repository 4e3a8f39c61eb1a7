// Rows most tests need: an organization with a collection, a stub connection and its sync.
import type { PrismaClient } from "./generated/prisma/client";

export async function createConnectionFixture(prisma: PrismaClient, label = "fixture") {
  const organization = await prisma.organization.create({ data: { name: `${label}-${crypto.randomUUID()}` } });
  const collection = await prisma.collection.create({
    data: {
      organizationId: organization.id,
      name: `${label} collection`,
      readableId: `${label}-${Date.now().toString(36)}`,
    },
  });
  const connection = await prisma.sourceConnection.create({
    data: {
      organizationId: organization.id,
      collectionId: collection.id,
      name: `${label} connection`,
      shortName: "stub",
      config: { entity_count: 10, seed: 1 },
      sync: { create: { name: `${label} sync` } },
    },
    include: { sync: true },
  });
  const sync = connection.sync;
  if (!sync) throw new Error("fixture connection has no sync");
  return { organization, collection, connection, sync };
}
