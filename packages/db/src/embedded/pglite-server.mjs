// Embedded PGlite served over the PostgreSQL wire protocol on a Unix socket, run in a worker thread so no statement
// ever blocks the thread that serves HTTP. Plain JavaScript: a worker thread loads it without a TypeScript loader.
//
// PGlite is ONE session. Clients therefore take turns: a client holds the session from its first message until
// PGlite says it is idle again (ReadyForQuery 'I'), so a transaction's statements never interleave with another
// client's, and extended-protocol messages (Parse/Bind/Execute up to Sync) always run together. Notifications
// (LISTEN/NOTIFY) come out of whichever client's statement committed them: they are taken out of that stream and
// delivered to every client that listens on their channel. UNLISTEN is answered here (the shared session keeps
// listening for the others).
import { createServer } from "node:net";
import { rmSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

/** @type {{ dataDir: string; socketPath: string }} */
const { dataDir, socketPath } = workerData;
const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;

const db = await PGlite.create(dataDir);
collectStartupGarbage();
// Every commit is written to the WAL before it is acknowledged, so kill -9 loses nothing committed.
await db.exec("SET synchronous_commit = on");

/**
 * On a fresh directory PGlite runs initdb in two more WebAssembly instances (~280 MB of wasm memory) and closes them
 * without waiting. This thread allocates little, so V8 would keep them for a long while: collect them once they are
 * closed (a second or so; twice, to be sure on a loaded machine). Measured: idle server after a first start 909 → 577 MB.
 */
function collectStartupGarbage() {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc");
  if (typeof gc !== "function") return;
  for (const delayMs of [2000, 10000]) setTimeout(gc, delayMs).unref();
}

/** @typedef {{ socket: import("node:net").Socket; buffer: Buffer; chunks: Buffer[]; chunkBytes: number; needed: number; started: boolean; pending: Buffer[]; listens: Set<string>; closed: boolean }} Client */
/** @type {{ client: Client; messages: Buffer[]; bytes: number }[]} */
const queue = [];
/** @type {Set<Client>} */
const clients = new Set();
/** @type {Client | null} the client whose transaction (or unfinished exchange) holds the session */
let owner = null;
let running = false;

function message(type, body) {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

function cstring(text) {
  return Buffer.from(`${text}\0`, "utf8");
}

/** The SQL of a simple Query message when it is a lone LISTEN/UNLISTEN: [verb, channel | "*"]. */
function listenCommand(msg) {
  if (msg[0] !== 0x51) return null; // 'Q'
  const sql = msg.subarray(5, msg.length - 1).toString("utf8");
  const match = /^\s*(LISTEN|UNLISTEN)\s+("([^"]+)"|[A-Za-z_][A-Za-z0-9_$]*|\*)\s*;?\s*$/i.exec(sql);
  if (!match || !match[1] || !match[2]) return null;
  return [match[1].toUpperCase(), match[3] ?? match[2].toLowerCase()];
}

/** Splits PGlite's output into what goes to the client and the notifications (channel, whole message). */
function splitOutput(out) {
  const keep = [];
  const notes = [];
  let status = null;
  for (let at = 0; at + 5 <= out.length;) {
    const length = out.readInt32BE(at + 1);
    const msg = out.subarray(at, at + 1 + length);
    const type = out[at];
    if (type === 0x41) {
      // 'A' NotificationResponse: int32 pid, channel, payload
      const end = msg.indexOf(0, 9);
      notes.push({ channel: msg.subarray(9, end).toString("utf8"), msg });
    } else {
      if (type === 0x5a) status = String.fromCharCode(msg[5] ?? 0x49); // 'Z' ReadyForQuery
      keep.push(msg);
    }
    at += 1 + length;
  }
  return { reply: Buffer.concat(keep), notes, status };
}

async function runOne(client, messages) {
  let out = [];
  let held = false;
  for (const msg of messages) {
    const command = listenCommand(msg);
    if (command?.[0] === "UNLISTEN") {
      if (command[1] === "*") client.listens.clear();
      else client.listens.delete(command[1]);
      out.push(message("C", cstring("UNLISTEN")), message("Z", Buffer.from(db.isInTransaction() ? "T" : "I")));
      continue;
    }
    if (command?.[0] === "LISTEN") client.listens.add(command[1]);
    const raw = await db.execProtocolRaw(new Uint8Array(msg.buffer, msg.byteOffset, msg.length));
    const { reply, notes, status } = splitOutput(Buffer.from(raw.buffer, raw.byteOffset, raw.length));
    out.push(reply);
    for (const note of notes)
      for (const c of clients) if (!c.closed && c.listens.has(note.channel)) c.socket.write(note.msg);
    if (status !== null) held = status !== "I";
    else held = true; // an exchange without Sync yet (Flush): the client keeps the session until its Sync
  }
  owner = held ? client : null;
  if (!client.closed) client.socket.write(Buffer.concat(out));
}

/**
 * PGlite has no checkpointer process. Once the WAL since the last checkpoint passes max_wal_size / (1 +
 * checkpoint_completion_target) (~540 MB by default), every new WAL segment makes the writing statement wait 60 s for
 * a checkpointer that never comes: a large sync stalls for minutes. Checkpointing here, while the session is idle,
 * keeps the WAL far below that point (and bounds recovery after a crash).
 */
const CHECKPOINT_AFTER_WAL_BYTES = 128 * 1024 * 1024;
let lastWalCheck = 0;

async function checkpointIfDue() {
  if (Date.now() - lastWalCheck < 500) return;
  lastWalCheck = Date.now();
  const { rows } = await db.query(
    "SELECT (pg_current_wal_insert_lsn() - redo_lsn)::bigint AS bytes FROM pg_control_checkpoint()",
  );
  if (Number(rows[0]?.bytes ?? 0) >= CHECKPOINT_AFTER_WAL_BYTES) await db.exec("CHECKPOINT");
}

/**
 * Short exchanges first (an API request's lookups), then the oldest: a request then waits for at most the one
 * statement running, not for every bulk write queued before it. Bulk writes are bounded by their producers, so they
 * are not starved.
 */
const SHORT_EXCHANGE_BYTES = 16 * 1024;

function nextIndex() {
  const waiting = new Set();
  for (const [index, item] of queue.entries()) {
    // Never ahead of an earlier exchange of the same client (a client that pipelines keeps its order).
    if (item.bytes < SHORT_EXCHANGE_BYTES && !waiting.has(item.client)) return index;
    waiting.add(item.client);
  }
  return 0;
}

async function drain() {
  if (running) return;
  running = true;
  try {
    for (;;) {
      const index = owner ? queue.findIndex((item) => item.client === owner) : nextIndex();
      if (index < 0 || queue.length === 0) return;
      const [item] = queue.splice(index, 1);
      if (!item) return;
      try {
        await runOne(item.client, item.messages);
      } catch (error) {
        item.client.socket.destroy(error instanceof Error ? error : new Error(String(error)));
      }
      if (owner === null) await checkpointIfDue().catch(() => undefined); // retried after the next exchange
    }
  } finally {
    running = false;
  }
}

function submit(client, messages) {
  queue.push({ client, messages, bytes: messages.reduce((sum, m) => sum + m.length, 0) });
  void drain();
}

/** Bytes the buffer must hold before the next message can be read (its header, then the whole message). */
function bytesNeeded(client) {
  const buf = client.buffer;
  if (!client.started) return buf.length < 4 ? 8 : Math.max(8, buf.readInt32BE(0));
  return buf.length < 5 ? 5 : 1 + buf.readInt32BE(1);
}

function onData(client, chunk) {
  // A bulk write arrives in many chunks: collect them and join once the message is complete, not once per chunk.
  client.chunks.push(chunk);
  client.chunkBytes += chunk.length;
  if (client.buffer.length + client.chunkBytes < client.needed) return;
  client.buffer = Buffer.concat([client.buffer, ...client.chunks]);
  client.chunks = [];
  client.chunkBytes = 0;
  readMessages(client);
  client.needed = bytesNeeded(client);
}

function readMessages(client) {
  for (;;) {
    const buf = client.buffer;
    if (!client.started) {
      if (buf.length < 8) return;
      const length = buf.readInt32BE(0);
      if (buf.length < length) return;
      const code = buf.readInt32BE(4);
      client.buffer = buf.subarray(length);
      if (code === SSL_REQUEST) {
        client.socket.write("N");
        continue;
      }
      if (code === CANCEL_REQUEST) return void client.socket.end();
      client.started = true;
      submit(client, [buf.subarray(0, length)]);
      continue;
    }
    if (buf.length < 5) return;
    const length = 1 + buf.readInt32BE(1);
    if (buf.length < length) return;
    const msg = buf.subarray(0, length);
    client.buffer = buf.subarray(length);
    if (msg[0] === 0x58) return void client.socket.end(); // 'X' Terminate
    client.pending.push(msg);
    // Query, Sync and Flush end an exchange that the client waits on: run it as one unit.
    if (msg[0] === 0x51 || msg[0] === 0x53 || msg[0] === 0x48) {
      const messages = client.pending;
      client.pending = [];
      submit(client, messages);
    }
  }
}

async function onClose(client) {
  if (client.closed) return;
  client.closed = true;
  clients.delete(client);
  for (let i = queue.length - 1; i >= 0; i--) if (queue[i]?.client === client) queue.splice(i, 1);
  if (owner === client) {
    // A client that went away inside a transaction must not leave it open for the next one.
    const rollback = message("Q", cstring("ROLLBACK"));
    queue.unshift({ client, messages: [rollback], bytes: rollback.length });
    void drain();
  }
}

const server = createServer((socket) => {
  /** @type {Client} */
  const client = {
    socket,
    buffer: Buffer.alloc(0),
    chunks: [],
    chunkBytes: 0,
    needed: 0,
    started: false,
    pending: [],
    listens: new Set(),
    closed: false,
  };
  clients.add(client);
  socket.setNoDelay?.(true);
  socket.on("data", (chunk) => onData(client, chunk));
  socket.on("error", () => void onClose(client));
  socket.on("close", () => void onClose(client));
});

rmSync(socketPath, { force: true }); // a socket file left by a killed process (the data-dir lock is ours)
server.listen(socketPath, () => parentPort?.postMessage({ type: "ready" }));

parentPort?.on("message", (msg) => {
  if (msg?.type !== "close") return;
  server.close();
  for (const c of clients) c.socket.destroy();
  const wait = () =>
    running ? setTimeout(wait, 10) : void db.close().finally(() => parentPort?.postMessage({ type: "closed" }));
  wait();
});
