// A TCP proxy for outage tests: Weft talks to PostgreSQL through it, and `outage(ms)` drops every open connection and
// refuses new ones for that long, as a PostgreSQL restart or a network cut would, without touching the real server.
import { createServer, connect, type Server, type Socket } from "node:net";

export type TcpProxy = {
  port: number;
  /** `url` with its host and port replaced by the proxy's. */
  proxiedUrl(url: string): string;
  /** Drops every connection now; new ones are reset until `ms` have passed (or `restore()`). */
  outage(ms: number): Promise<void>;
  /** Drops every connection and refuses new ones until `restore()`. */
  cut(): void;
  restore(): void;
  /** Connections open right now (client side). */
  connections(): number;
  close(): Promise<void>;
};

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let down = false;
  let restoreTimer: NodeJS.Timeout | undefined;
  const server: Server = createServer((client) => {
    if (down) {
      client.resetAndDestroy(); // like a refused connection: the driver fails at once instead of hanging
      return;
    }
    const upstream = connect(target.port, target.host);
    open.add(client);
    open.add(upstream);
    const drop = () => {
      open.delete(client);
      open.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address !== "object") throw new Error("proxy has no port");
  const cut = () => {
    down = true;
    for (const socket of open) socket.resetAndDestroy();
    open.clear();
  };
  const restore = () => {
    clearTimeout(restoreTimer);
    down = false;
  };
  return {
    port: address.port,
    proxiedUrl(url) {
      const parsed = new URL(url);
      parsed.hostname = "127.0.0.1";
      parsed.port = String(address.port);
      return parsed.toString();
    },
    async outage(ms) {
      cut();
      await new Promise<void>((resolve) => {
        restoreTimer = setTimeout(() => {
          restore();
          resolve();
        }, ms);
      });
    },
    cut,
    restore,
    connections: () => open.size / 2,
    close: async () => {
      restore();
      cut();
      down = false;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
