// Router tests call procedures through createCaller with an inner context: the real engine and database, no HTTP.
import { createApiKey, ensureOrganization } from "@weft/auth";
import { openTestEngine, type TestEngine } from "@weft/engine/testing";
import { createCaller } from "./root";
import { createInnerContext } from "./trpc";

export async function callerFor(engine: TestEngine, organizationName: string) {
  const org = await ensureOrganization(engine.db.prisma, organizationName);
  const key = await createApiKey(engine.db.prisma, { organizationId: org.id, name: "test" });
  const principal = { organizationId: org.id, organizationName: org.name, apiKeyId: key.id, via: "api_key" as const };
  return { caller: createCaller(createInnerContext({ engine, principal })), org, key };
}

export { openTestEngine, type TestEngine };
