// N SSE subscribers, each on its own raw TCP socket (no agent, no keep-alive pool: Node's agent crawls with
// thousands of sockets to one host and would measure the client, not the server). A subscriber only scans its bytes
// for the `connected` frame and the final frame: the client must stay far cheaper than the server it measures.
import { lookup } from "node:dns/promises";
import { connect, type Socket } from "node:net";

export type SwarmTarget = { url: string; path: string; headers: Record<string, string> };

export type Swarm = {
  /** When each subscriber's first frame arrived (ms since epoch); NaN while not yet connected. */
  connectedAt: Float64Array;
  /** When each subscriber's final frame arrived (ms since epoch); NaN while not yet received. */
  finalAt: Float64Array;
  connected(): number;
  finals(): number;
  /** Subscribers whose socket failed or was closed before the final frame, and why (first few reasons). */
  failures(): { count: number; reasons: string[] };
  /** Resolves when every subscriber has its `connected` frame, or at `deadline` (ms since epoch). */
  allConnected(deadline: number): Promise<void>;
  /** Resolves when every connected subscriber has its final frame, or at `deadline`. */
  allFinal(deadline: number): Promise<void>;
  close(): void;
};

/** Frames are scanned in the last bytes kept from the previous read plus this read, so a split frame still matches. */
const TAIL_BYTES = 512;

function until(done: () => boolean, deadline: number): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (done() || Date.now() >= deadline ? resolve() : setTimeout(check, 20));
    check();
  });
}

/**
 * Opens `count` subscribers, at most `inFlight` waiting for their first frame at once (so the kernel's listen backlog
 * is not the thing measured), and watches for `finalMarker` in each stream.
 */
export async function openSwarm(
  target: SwarmTarget,
  count: number,
  inFlight: number,
  finalMarker: string,
): Promise<Swarm> {
  const url = new URL(target.url);
  const { address } = await lookup(url.hostname);
  const port = Number(url.port);
  const headerLines = Object.entries({ host: url.host, accept: "text/event-stream", ...target.headers })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join("");
  const request = `GET ${target.path} HTTP/1.1\r\n${headerLines}\r\n`;
  const connectedAt = new Float64Array(count).fill(NaN);
  const finalAt = new Float64Array(count).fill(NaN);
  const sockets: Socket[] = [];
  let connected = 0;
  let finals = 0;
  let failed = 0;
  const reasons: string[] = [];
  let opened = 0;
  let closing = false;
  let waiting = 0;

  const openNext = () => {
    while (opened < count && waiting < inFlight) openOne(opened++);
  };
  const openOne = (index: number) => {
    waiting++;
    let tail = "";
    let settled = false;
    let gone = false;
    const socket = connect({ host: address, port });
    sockets.push(socket);
    socket.setEncoding("utf8");
    socket.on("connect", () => socket.write(request));
    const firstFrameDone = () => {
      if (settled) return;
      settled = true;
      waiting--;
      openNext();
    };
    socket.on("data", (chunk: string) => {
      const text = tail + chunk;
      if (Number.isNaN(connectedAt[index]) && text.includes('"type":"connected"')) {
        connectedAt[index] = Date.now();
        connected++;
        firstFrameDone();
      }
      if (Number.isNaN(finalAt[index]) && text.includes(finalMarker)) {
        finalAt[index] = Date.now();
        finals++;
      }
      tail = text.slice(-TAIL_BYTES);
    });
    const fail = (reason: string) => {
      if (closing || gone || !Number.isNaN(finalAt[index])) return;
      gone = true;
      failed++;
      if (reasons.length < 5) reasons.push(reason);
      firstFrameDone();
    };
    socket.on("error", (error) => fail(error.message));
    socket.on("close", () => fail(`closed after ${tail.length ? JSON.stringify(tail.slice(-120)) : "no data"}`));
  };
  openNext();

  return {
    connectedAt,
    finalAt,
    connected: () => connected,
    finals: () => finals,
    failures: () => ({ count: failed, reasons: [...reasons] }),
    allConnected: (deadline) => until(() => connected + failed >= count, deadline),
    allFinal: (deadline) => until(() => finals >= connected, deadline),
    close() {
      closing = true;
      for (const socket of sockets) socket.destroy();
    },
  };
}
