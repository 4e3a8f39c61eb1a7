// First start: a default organization, an API key (its secret returned once, to be printed), a demo collection and a
// demo stub connection, so a newcomer can sign in and press Run at once. Idempotent: later starts create nothing.
// Every start also encrypts credentials stored in plaintext by a Weft from before secrets were encrypted.
import { createApiKey, DEFAULT_ORGANIZATION, ensureOrganization } from "@weft/auth";
import { sealPlaintextCredentials, type PrismaClient } from "@weft/db";

type BootstrapResult = { organizationId: string; demoKey: string | null; connectionId: string | null };

export async function bootstrap(prisma: PrismaClient): Promise<BootstrapResult> {
  await sealPlaintextCredentials(prisma);
  const org = await ensureOrganization(prisma, DEFAULT_ORGANIZATION);
  const keyCount = await prisma.apiKey.count({ where: { organizationId: org.id } });
  const demoKey = keyCount === 0 ? (await createApiKey(prisma, { organizationId: org.id, name: "demo" })).secret : null;
  const existing = await prisma.sourceConnection.findFirst({ where: { organizationId: org.id }, select: { id: true } });
  if (existing) return { organizationId: org.id, demoKey, connectionId: null };
  const collection = await prisma.collection.upsert({
    where: { organizationId_readableId: { organizationId: org.id, readableId: "demo" } },
    create: { organizationId: org.id, name: "Demo collection", readableId: "demo" },
    update: {},
  });
  const connection = await prisma.sourceConnection.create({
    data: {
      organizationId: org.id,
      collectionId: collection.id,
      name: "Demo stub",
      description: "A deterministic generator of 5,000 entities of several types.",
      shortName: "stub",
      config: { entity_count: 5000, seed: 42, generation_delay_ms: 0 },
      sync: { create: { name: "Demo stub sync" } },
    },
  });
  return { organizationId: org.id, demoKey, connectionId: connection.id };
}
