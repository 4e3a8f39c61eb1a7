// The command tree (commander). Exit codes: 0 done (a followed job COMPLETED), 1 a request or the job FAILED,
// 2 usage, 3 the followed job was CANCELLED, 130 Ctrl-C while following (the job itself goes on).
import type { Command, InvalidArgumentError } from "commander";
import { env } from "@weft/config";
import { ApiError, type Api } from "./api";
import { cancelJob, follow, listConnections, listJobs, runConnection, showJob, type Options } from "./commands";

const OPERATOR_HELP = `
Operator commands (on the database directly, not over the API):
  weft keys create [--org <name>] [--name <label>] [--expires-days <n>]
  weft keys list   [--org <name>]
  weft keys revoke <id-or-prefix> [--org <name>]
  weft secrets rotate

Environment: WEFT_URL (default http://localhost:3000), WEFT_API_KEY (required by the API commands).
Exit codes: 0 ok / job COMPLETED, 1 request failed / job FAILED, 2 usage, 3 job CANCELLED, 130 stopped following.`;

export async function run(program: Command, Invalid: typeof InvalidArgumentError): Promise<void> {
  const controller = new AbortController();
  let following: string | null = null;
  let stopRenderer = () => {};
  process.on("SIGINT", () => {
    // Ctrl-C stops following, asks nothing, and leaves the job running.
    controller.abort();
    stopRenderer();
    if (following)
      process.stderr.write(
        `\nStopped following job ${following}: it goes on (\`weft jobs cancel ${following}\` stops it).\n`,
      );
    process.exit(130);
  });

  const api = (): Api => {
    const url = program.opts<{ url?: string }>().url ?? env.WEFT_URL;
    if (!env.WEFT_API_KEY) {
      process.stderr.write(
        "Set WEFT_API_KEY to an API key of your organization (create one with `pnpm weft keys create`).\n",
      );
      process.exit(2);
    }
    return { url, apiKey: env.WEFT_API_KEY };
  };
  const opts = (): Options => ({ json: Boolean(program.opts<{ json?: boolean }>().json) });
  const followAndExit = async (jobId: string) => {
    following = jobId;
    process.exitCode = await follow(api(), jobId, opts(), controller.signal, (stop) => (stopRenderer = stop));
  };
  const positiveInt = (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Invalid("a whole number from 1 to 1000");
    return n;
  };

  program
    .name("weft")
    .description("Talk to a running Weft over its REST API.")
    .option("--url <url>", "Weft's address (default: WEFT_URL)")
    .option("--json", "print machine-readable JSON")
    .showHelpAfterError()
    .addHelpText("after", OPERATOR_HELP)
    .exitOverride((error) => process.exit(error.exitCode === 1 ? 2 : error.exitCode));

  program
    .command("connections")
    .description("source connections")
    .command("list")
    .description("list the organization's source connections")
    .action(() => listConnections(api(), opts()));

  program
    .command("run <connection-id>")
    .description("start a sync of a source connection")
    .option("--full", "force a full sync (ignore the stored cursor)")
    .option("--follow", "follow its progress until it ends (exit 0 COMPLETED, 1 FAILED, 3 CANCELLED)")
    .action(async (connectionId: string, o: { full?: boolean; follow?: boolean }) => {
      const job = await runConnection(api(), connectionId, Boolean(o.full), opts());
      if (o.follow) await followAndExit(job.id);
    });

  const jobs = program.command("jobs").description("sync jobs");
  jobs
    .command("list <connection-id>")
    .description("a connection's jobs, newest first")
    .option("--limit <n>", "how many (1..1000)", positiveInt, 20)
    .action((connectionId: string, o: { limit: number }) => listJobs(api(), connectionId, o.limit, opts()));
  jobs
    .command("get <job-id>")
    .description("one job in detail")
    .action((jobId: string) => showJob(api(), jobId, opts()));
  jobs
    .command("follow <job-id>")
    .description("follow a job's progress until it ends (exit 0 COMPLETED, 1 FAILED, 3 CANCELLED)")
    .action(followAndExit);
  jobs
    .command("cancel <job-id>")
    .description("cancel a job")
    .action((jobId: string) => cancelJob(api(), jobId, opts()));

  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (controller.signal.aborted) return;
    process.stderr.write(`${error instanceof ApiError || error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
