// `pnpm weft …`: the API commands talk to a running Weft over /v1 (WEFT_URL, WEFT_API_KEY); `keys` and `secrets`
// are the operator commands that work on the database directly (operator.ts), so one `weft` command does both.
import { Command, InvalidArgumentError } from "commander";

const OPERATOR_GROUPS = new Set(["keys", "secrets"]);

if (OPERATOR_GROUPS.has(process.argv[2] ?? "")) {
  await import("./operator");
} else {
  const { run } = await import("./program");
  await run(new Command(), InvalidArgumentError);
}
