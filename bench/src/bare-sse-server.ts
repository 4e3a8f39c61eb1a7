// The baseline of bench:sse, run as its own process: a bare node:http server (no Next, no database) that does the
// least an SSE fan-out can do: a `connected` frame per subscriber, one shared 1 s tick writing a small progress frame
// to every subscriber, and on the parent's "finish" message the final frame to all, then it closes them. Its connect
// time, final-frame lag and RSS per subscriber are the floor Weft's figures are read against.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const subscribers = new Set<ServerResponse>();
let done = 0;
const frame = (data: object) => `data: ${JSON.stringify(data)}\n\n`;

const server = createServer((req, res) => {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.write(frame({ type: "connected", job_id: "baseline" }));
  subscribers.add(res);
  res.on("close", () => subscribers.delete(res));
});
server.listen(0, "127.0.0.1", () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});

setInterval(() => {
  const progress = frame({ type: "progress", job_id: "baseline", status: "in_progress", entities_inserted: ++done });
  for (const res of subscribers) res.write(progress);
}, 1000).unref();

process.on("message", (message) => {
  if (message !== "finish") return;
  const completedAt = Date.now();
  const final = frame({ type: "progress", job_id: "baseline", status: "completed", entities_inserted: done });
  for (const res of subscribers) res.end(final);
  process.send?.({ completedAt });
});
