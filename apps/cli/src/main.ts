// `pnpm weft …`: the API commands talk to a running Weft over /v1 (WEFT_URL, WEFT_API_KEY); `keys` and `secrets`
// are the operator commands that work on the database directly (packages/db/src/cli/weft.ts), reached through here
// so one `weft` command does both.
import { Command, InvalidArgumentError } from "commander";

const OPERATOR_GROUPS = new Set(["keys", "secrets"]);

if (OPERATOR_GROUPS.has(process.argv[2] ?? "")) {
  await import("@weft/db/cli");
} else {
  const { run } = await import("./program");
  await run(new Command(), InvalidArgumentError);
}
