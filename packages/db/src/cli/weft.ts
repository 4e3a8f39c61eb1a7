// `pnpm weft …`: administration from the shell. `keys create` prints the new key alone on the last line of stdout,
// so scripts can take it with `| tail -n 1`.
import { parseArgs } from "node:util";
import { createApiKey, ensureOrganization, listApiKeys, revokeApiKey } from "../api-keys";
import { DEFAULT_ORGANIZATION } from "../bootstrap";
import { openDatabase } from "../database";

const USAGE = `Usage:
  pnpm weft keys create [--org <name>] [--name <label>] [--expires-days <n>]
  pnpm weft keys list   [--org <name>]
  pnpm weft keys revoke <id-or-prefix> [--org <name>]`;

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
if (values.help || group !== "keys" || !command) fail(USAGE);
const expiresDays = values["expires-days"] === undefined ? undefined : Number(values["expires-days"]);
if (expiresDays !== undefined && !(Number.isInteger(expiresDays) && expiresDays > 0)) fail("--expires-days must be a whole number of days above 0");

const db = await openDatabase();
try {
  const org = await ensureOrganization(db.prisma, values.org);
  if (command === "create") {
    const expiresAt = expiresDays ? new Date(Date.now() + expiresDays * 86_400_000) : null;
    const key = await createApiKey(db.prisma, { organizationId: org.id, name: values.name, expiresAt });
    console.error(`Created key "${key.name}" (${key.prefix}…) for organization "${org.name}". It is shown only now:`);
    console.log(key.secret);
  } else if (command === "list") {
    for (const k of await listApiKeys(db.prisma, org.id)) {
      const state = k.revokedAt ? "revoked" : k.expiresAt && k.expiresAt <= new Date() ? "expired" : "active";
      console.log([k.prefix, k.name, state, k.createdAt.toISOString(), k.lastUsedAt?.toISOString() ?? "never used", k.id].join("\t"));
    }
  } else if (command === "revoke") {
    if (!arg) fail(USAGE);
    if (!(await revokeApiKey(db.prisma, org.id, arg))) fail(`No active key "${arg}" in organization "${org.name}".`);
    console.log(`Revoked ${arg}.`);
  } else {
    fail(USAGE);
  }
} finally {
  await db.close();
}
// The schema engine leaves a timer behind after migrating; nothing else is pending, so leave now.
process.exit(0);
