// Serves the REST handler over real HTTP on 127.0.0.1 for tests: Node's http server in front of the web-standard
// handler, streaming response bodies (SSE) as they are written and aborting the request when the client goes away.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { createApiKey, ensureOrganization } from "@weft/auth";
import type { EngineOptions } from "@weft/engine";
import { openTestEngine, type TestEngine } from "@weft/engine/testing";
import { createRestHandler, type RestHandlerOptions } from "../handler";

function toRequest(req: IncomingMessage, base: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", base), {
    method: req.method,
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(req), duplex: "half" } : {}),
  } as RequestInit);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.flushHeaders();
  if (!response.body) return void res.end();
  const reader = response.body.getReader();
  res.on("close", () => void reader.cancel().catch(() => undefined));
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true as const, value: undefined }));
    if (done) break;
    // Like Next's server: wait for the socket to drain, so a client that stops reading stops the reads here.
    if (!res.write(value)) await new Promise((resolve) => (res.once("drain", resolve), res.once("close", resolve)));
  }
  res.end();
}

export type RestServer = {
  url: string;
  /** The same server on a Unix socket, when asked for: its small buffers make a stalled reader felt at once. */
  socketPath: string | null;
  engine: TestEngine;
  keyFor(org: string): Promise<string>;
  close(): Promise<void>;
};

export async function startRestServer(
  label: string,
  options: { engine?: EngineOptions; handler?: Omit<RestHandlerOptions, "engine">; unixSocket?: boolean } = {},
): Promise<RestServer> {
  const engine = await openTestEngine(label, options.engine);
  const handler = createRestHandler({ ...options.handler, engine });
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    void handler(toRequest(req, "http://127.0.0.1", controller.signal)).then((response) => send(res, response));
  };
  const server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const unix = options.unixSocket ? createServer(serve) : null;
  const socketPath = unix ? join(await mkdtemp(join(tmpdir(), "weft-rest-")), "http.sock") : null;
  if (unix && socketPath) await new Promise<void>((resolve) => unix.listen(socketPath, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    socketPath,
    engine,
    async keyFor(org) {
      const organization = await ensureOrganization(engine.db.prisma, org);
      return (await createApiKey(engine.db.prisma, { organizationId: organization.id, name: "test" })).secret;
    },
    async close() {
      for (const s of unix ? [server, unix] : [server]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
      if (socketPath) await rm(dirname(socketPath), { recursive: true, force: true });
      await engine.close();
    },
  };
}
