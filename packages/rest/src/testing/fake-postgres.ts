// A fake PostgreSQL server (node:net) for tests: it reads the startup message, asks for a cleartext password
// (AuthenticationCleartextPassword) and records what it is sent, then refuses the login. It shows exactly what a
// client would hand a server it connects to.
import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

type FakeLogin = { startup: Record<string, string>; password: string | null };

export type FakePostgres = { host: string; port: number; logins: FakeLogin[]; close(): Promise<void> };

const PROTOCOL_3 = 196608;

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, "latin1");
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

const cstrings = (...parts: string[]) => Buffer.from(parts.map((p) => `${p}\0`).join("") + "\0", "utf8");

function serve(socket: Socket, logins: FakeLogin[]) {
  let buffer = Buffer.alloc(0);
  let login: FakeLogin | null = null;
  socket.on("error", () => {});
  socket.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!login) {
      if (buffer.length < 8) return;
      const length = buffer.readInt32BE(0);
      if (buffer.length < length) return;
      if (buffer.readInt32BE(4) !== PROTOCOL_3) return void socket.end(Buffer.from("N")); // SSLRequest: no TLS here
      const fields = buffer
        .subarray(8, length - 1)
        .toString("utf8")
        .split("\0");
      const startup: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) startup[fields[i] ?? ""] = fields[i + 1] ?? "";
      login = { startup, password: null };
      logins.push(login);
      buffer = buffer.subarray(length);
      const auth = Buffer.alloc(4);
      auth.writeInt32BE(3); // AuthenticationCleartextPassword
      socket.write(message("R", auth));
    }
    if (buffer.length >= 5 && buffer.toString("latin1", 0, 1) === "p") {
      const length = buffer.readInt32BE(1);
      if (buffer.length < length + 1) return;
      login.password = buffer.subarray(5, length).toString("utf8").replace(/\0$/, "");
      socket.end(
        message(
          "E",
          cstrings(
            "SFATAL",
            "VFATAL",
            "C28P01",
            `Mpassword authentication failed for user "${login.startup.user ?? ""}"`,
          ),
        ),
      );
    }
  });
}

export async function startFakePostgres(host: string): Promise<FakePostgres> {
  const logins: FakeLogin[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    serve(socket, logins);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, resolve);
  });
  return {
    host,
    port: (server.address() as AddressInfo).port,
    logins,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
