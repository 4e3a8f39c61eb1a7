// What a person sees in the terminal once Weft is up: where to open it, which database it uses and, on the very
// first start only, the demo API key.
import type { DatabaseTarget } from "@weft/db";

function describeDatabase(target: DatabaseTarget): string {
  if (target.kind === "pglite") return `embedded PGlite, data in ${target.dataDir}`;
  const url = new URL(target.url);
  if (url.password) url.password = "***";
  return `PostgreSQL at ${url.toString()}`;
}

export function banner(input: { url: string; target: DatabaseTarget; demoKey: string | null }): string {
  const lines = ["", `  Weft is running at ${input.url}`, `  Database: ${describeDatabase(input.target)}`];
  if (input.demoKey) {
    lines.push(
      "",
      `  Demo API key: ${input.demoKey}`,
      "  It is shown only once, now: copy it somewhere safe.",
      `  Sign in at ${input.url}/sign-in with this key.`,
    );
  }
  lines.push("");
  return lines.join("\n");
}

export function failureBanner(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return [
    "",
    "  Weft could not start:",
    ...message.split("\n").map((l) => `    ${l}`),
    "  /api/health answers 503 with this reason.",
    "",
  ].join("\n");
}
