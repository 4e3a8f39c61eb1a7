// The progress bus outlives database outages: through a TCP proxy that drops every connection and refuses new ones,
// it reports "down", keeps trying with backoff, and is "live" again (LISTENing) soon after the database returns.
// PostgreSQL only: embedded PGlite listens in-process and cannot lose its connection.
import { connect } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { openDatabase, type Database } from "@weft/db";
import { createScratchPostgres } from "@weft/db/testing";
import { startTcpProxy, type TcpProxy } from "@weft/db/tcp-proxy";
import { JOB_EVENTS_CHANNEL } from "../jobs/sql";
import { createProgressBus, type BusEvent, type BusState, type ProgressBus } from "./progress-bus";

const SERVER_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const reachable = await new Promise<boolean>((resolve) => {
  const socket = connect(5432, "127.0.0.1", () => {
    socket.destroy();
    resolve(true);
  });
  socket.on("error", () => resolve(false));
});
if (!reachable)
  console.log("progress bus outage test skipped: no PostgreSQL at 127.0.0.1:5432 (outages are PostgreSQL-only)");

describe.skipIf(!reachable || testBackend !== "postgres")("progress bus through a database outage", () => {
  let proxy: TcpProxy | undefined;
  let scratch: { url: string; drop(): Promise<void> } | undefined;
  let proxied: Database | undefined;
  let direct: Database | undefined;
  let bus: ProgressBus | undefined;
  afterAll(async () => {
    await bus?.close();
    await proxied?.close();
    await direct?.close();
    await proxy?.close();
    await scratch?.drop();
  });

  it("goes down with the connection, re-LISTENs with backoff once it is back, and delivers again", async () => {
    proxy = await startTcpProxy({ host: "127.0.0.1", port: 5432 });
    scratch = await createScratchPostgres(SERVER_URL, "bus");
    direct = await openDatabase({ kind: "postgres", url: scratch.url });
    proxied = await openDatabase({ kind: "postgres", url: proxy.proxiedUrl(scratch.url) }, { migrate: false });
    bus = await createProgressBus(proxied);
    const states: BusState[] = [];
    const received: BusEvent[] = [];
    bus.onStateChange((state) => states.push(state));
    bus.subscribe((event) => received.push(event));
    const notify = (seq: number) =>
      direct?.prisma.$executeRawUnsafe(
        `SELECT pg_notify($1, $2)`,
        JOB_EVENTS_CHANNEL,
        JSON.stringify({
          job_id: "j",
          organization_id: "o",
          source_connection_id: "c",
          seq,
          type: "progress",
          created_at: new Date().toISOString(),
          payload: null,
        }),
      );
    const waitUntil = async (condition: () => boolean) => {
      const deadline = Date.now() + 20_000;
      while (!condition()) {
        if (Date.now() > deadline)
          throw new Error(`timed out (states ${states.join(",")}, received ${received.length})`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    await notify(1);
    await waitUntil(() => received.length === 1);
    proxy.cut();
    await waitUntil(() => bus?.state() === "down");
    // Down for 5 s: several reconnects fail meanwhile (the old bus tried once and then never again).
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(bus.state()).toBe("down");
    proxy.restore();
    const restoredAt = Date.now();
    await waitUntil(() => bus?.state() === "live");
    console.log(`[bus] LISTENing again ${Date.now() - restoredAt} ms after the database returned`);
    await notify(2);
    await waitUntil(() => received.length === 2);
    expect(received.map((e) => e.seq)).toEqual([1, 2]);
    expect(states).toEqual(["down", "live"]);
  });
});
