// The one logger of every Weft process (pino): JSON lines when stdout is not a terminal, readable lines when it is.
// Level from WEFT_LOG_LEVEL. Secrets never reach a line: the redact paths below censor passwords, credentials, API
// keys and authorization headers wherever a logged object holds them. Bind context with `.child({ job_id, … })`.
import { AsyncLocalStorage } from "node:async_hooks";
import { env } from "@weft/config";
import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";

export type { Logger };

const SECRET_KEYS = [
  "password",
  "credentials",
  "secret",
  "api_key",
  "apiKey",
  "token",
  "authorization",
  "cookie",
  "x-api-key",
];

/** Every secret-bearing key at the top level and up to two levels down (pino's redaction needs explicit paths). */
export const REDACT_PATHS = SECRET_KEYS.flatMap((key) => {
  const k = /^[A-Za-z_]\w*$/.test(key) ? key : `["${key}"]`;
  const dot = k.startsWith("[") ? k : `.${k}`;
  return [k, `*${dot}`, `*.*${dot}`];
});

/** A root logger writing to `destination` (tests pass a stream to capture lines). */
export function createLogger(destination?: DestinationStream, level: string = env.WEFT_LOG_LEVEL): Logger {
  const options = {
    level,
    base: { pid: process.pid },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    mixin: () => context().getStore() ?? {},
  };
  if (destination) return pino(options, destination);
  // pino-pretty as a stream in this thread (no transport worker), only for a person at a terminal.
  if (process.stdout.isTTY)
    return pino(
      options,
      pretty({
        colorize: true,
        singleLine: true,
        translateTime: "HH:MM:ss.l",
        ignore: "pid,hostname,scope",
        messageFormat: "[{scope}] {msg}",
      }),
    );
  return pino(options, pino.destination({ dest: 1, sync: true }));
}

type Holder = { __weftLogger?: Logger; __weftLogContext?: AsyncLocalStorage<Record<string, unknown>> };
const holder = globalThis as typeof globalThis & Holder;

function context(): AsyncLocalStorage<Record<string, unknown>> {
  holder.__weftLogContext ??= new AsyncLocalStorage();
  return holder.__weftLogContext;
}

/** Runs `fn` so that every line it logs (through any logger) carries `bindings`, e.g. an HTTP request's id. */
export function withLogContext<T>(bindings: Record<string, unknown>, fn: () => T): T {
  return context().run(bindings, fn);
}

/** The process's root logger (one per process, shared across Next's bundles through globalThis). */
export function rootLogger(): Logger {
  holder.__weftLogger ??= createLogger();
  return holder.__weftLogger;
}

/** A child logger for one part of Weft: every line carries `scope`. */
export function logger(scope: string): Logger {
  return rootLogger().child({ scope });
}

/** The bindings every line about a job carries. */
export function jobBindings(job: { id: string; organizationId: string; sourceConnectionId: string }) {
  return { job_id: job.id, organization_id: job.organizationId, source_connection_id: job.sourceConnectionId };
}
