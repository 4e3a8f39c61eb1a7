import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, withLogContext } from "./log";

function capture() {
  const lines: Record<string, unknown>[] = [];
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger(stream, "info"), lines, text: () => text };
}

describe("logger", () => {
  it("writes JSON lines with the job bindings and the request context", () => {
    const { log, lines } = capture();
    const job = log.child({ job_id: "j1", organization_id: "o1", source_connection_id: "c1" });
    withLogContext({ request_id: "r1" }, () => job.info({ entities: 3 }, "job running"));
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: "job running",
      job_id: "j1",
      organization_id: "o1",
      source_connection_id: "c1",
      request_id: "r1",
      entities: 3,
    });
  });

  it("never writes a password, credentials, an API key or an authorization header", () => {
    const { log, text } = capture();
    const secret = "s3cr3t-known-value";
    log.info(
      {
        password: secret,
        config: { password: secret },
        credentials: { password: secret },
        api_key: secret,
        apiKey: secret,
      },
      "one",
    );
    log.info(
      { headers: { authorization: `Bearer ${secret}`, "x-api-key": secret, cookie: `weft_session=${secret}` } },
      "two",
    );
    log.info({ req: { headers: { authorization: secret, "x-api-key": secret } } }, "three");
    expect(text()).toContain("[redacted]");
    expect(text()).not.toContain(secret);
  });
});
