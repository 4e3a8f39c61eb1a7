// `pnpm weft keys …` and `pnpm weft secrets rotate`: the operator's commands, which work on the database directly
// (not over the API), so they run on the server, with Weft stopped when it uses embedded PGlite. `keys create` prints
// the new key alone on the last line of stdout, so scripts can take it with `| tail -n 1`. `secrets rotate`
// re-encrypts every stored secret (see packages/db/src/secrets/rotate.ts).
import { parseArgs } from "node:util";
import { createApiKey, DEFAULT_ORGANIZATION, ensureOrganization, listApiKeys, revokeApiKey } from "@weft/auth";
import { openDatabase, rotateSecrets } from "@weft/db";

const USAGE = `Usage:
  pnpm weft keys create [--org <name>] [--name <label>] [--expires-days <n>]
  pnpm weft keys list   [--org <name>]
  pnpm weft keys revoke <id-or-prefix> [--org <name>]
  pnpm weft secrets rotate   re-encrypt every stored secret under a new key (the key file's, or WEFT_SECRET_KEY)`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    org: { type: "string", default: DEFAULT_ORGANIZATION },
    name: { type: "string", default: "cli" },
    "expires-days": { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const [group, command, arg] = positionals;
if (values.help || (group !== "keys" && group !== "secrets") || !command) fail(USAGE);
if (group === "secrets" && command !== "rotate") fail(USAGE);
const expiresDays = values["expires-days"] === undefined ? undefined : Number(values["expires-days"]);
if (expiresDays !== undefined && !(Number.isInteger(expiresDays) && expiresDays > 0))
  fail("--expires-days must be a whole number of days above 0");

const db = await openDatabase();
try {
  if (group === "secrets") await rotate();
  else await keys();
} finally {
  await db.close();
}

async function rotate() {
  const result = await rotateSecrets(db.prisma);
  const where = result.keyFile ? `the new key is in ${result.keyFile}` : "the key is WEFT_SECRET_KEY's";
  console.log(`Re-encrypted ${result.rows} connection(s) under key ${result.keyId}: ${where}.`);
  if (result.webhookSecrets > 0)
    console.log(`Re-encrypted ${result.webhookSecrets} webhook secret(s) under key ${result.keyId}.`);
  if (result.notUnderNewKey > 0) {
    console.error(
      `${result.notUnderNewKey} connection(s) changed meanwhile and still hold older values: run it again (old keys are kept until then).`,
    );
    process.exitCode = 1;
    return;
  }
  if (result.keyFile) console.log(`Retired key(s) ${result.retiredKeyIds.join(", ")}: removed from the key file.`);
  else console.log("Remove WEFT_SECRET_KEY_PREVIOUS from every process now: it is no longer needed.");
}

async function keys() {
  const org = await ensureOrganization(db.prisma, values.org);
  if (command === "create") {
    const expiresAt = expiresDays ? new Date(Date.now() + expiresDays * 86_400_000) : null;
    const key = await createApiKey(db.prisma, { organizationId: org.id, name: values.name, expiresAt });
    console.error(`Created key "${key.name}" (${key.prefix}…) for organization "${org.name}". It is shown only now:`);
    console.log(key.secret);
  } else if (command === "list") {
    for (const k of await listApiKeys(db.prisma, org.id)) {
      const state = k.revokedAt ? "revoked" : k.expiresAt && k.expiresAt <= new Date() ? "expired" : "active";
      console.log(
        [k.prefix, k.name, state, k.createdAt.toISOString(), k.lastUsedAt?.toISOString() ?? "never used", k.id].join(
          "\t",
        ),
      );
    }
  } else if (command === "revoke") {
    if (!arg) fail(USAGE);
    if (!(await revokeApiKey(db.prisma, org.id, arg))) fail(`No active key "${arg}" in organization "${org.name}".`);
    console.log(`Revoked ${arg}.`);
  } else {
    fail(USAGE);
  }
}
// The schema engine leaves a timer behind after migrating; nothing else is pending, so leave now.
process.exit(process.exitCode ?? 0);
