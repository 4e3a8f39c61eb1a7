// Running the real `weft` CLI as a child process (tests, the tmux capture): its exit code and what it printed.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { childProcessEnv } from "@weft/config";

/** The package's `weft` bin, as `pnpm weft` runs it. */
export const cliBin = fileURLToPath(new URL("../bin/weft.mjs", import.meta.url));

export type CliRun = {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
};

export function startCli(args: string[], env: Record<string, string | undefined>): CliRun {
  const child = spawn(process.execPath, [cliBin, ...args], {
    env: { PATH: childProcessEnv({}).PATH, WEFT_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once("close", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

export function cli(args: string[], env: Record<string, string | undefined>) {
  return startCli(args, env).done;
}
