// One webhook request: resolve the host once under the outbound rule, connect to that checked IP (the lookup below
// answers with it, so DNS cannot rebind between check and connect), 30 s for the whole exchange, and at most
// 20,000 bytes of the response body kept.
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { isIP } from "node:net";
import { OutboundRefusedError, resolveDestination, type Lookup, type OutboundPolicy } from "../outbound/index";

export const WEBHOOK_TIMEOUT_MS = 30_000;
export const RESPONSE_BODY_CAP = 20_000;

export type SendResult = {
  statusCode: number;
  body: string | null;
  outcome: "success" | "failed" | "timeout" | "refused";
};

export type SendOptions = { policy: OutboundPolicy; timeoutMs?: number; lookup?: Lookup };

function pinnedLookup(address: string): LookupFunction {
  const family = isIP(address) === 6 ? 6 : 4;
  return (_hostname, options, callback) => {
    if (options.all)
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

export async function sendWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: SendOptions,
): Promise<SendResult> {
  const target = new URL(url);
  let address: string;
  try {
    address = (await resolveDestination(target.hostname, options.policy, options.lookup)).address;
  } catch (error) {
    const refused = error instanceof OutboundRefusedError;
    return { statusCode: 0, body: refused ? error.message : null, outcome: refused ? "refused" : "failed" };
  }
  const client = target.protocol === "https:" ? https : http;
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ statusCode: 0, body: null, outcome: "timeout" }), timeoutMs);
    const request = client.request(
      target,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(address),
        agent: false,
      },
      (response) => {
        const statusCode = response.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          const text = Buffer.concat(chunks).subarray(0, RESPONSE_BODY_CAP).toString("utf8");
          finish({ statusCode, body: text, outcome: statusCode >= 200 && statusCode < 300 ? "success" : "failed" });
        };
        response.on("data", (chunk: Buffer) => {
          if (size < RESPONSE_BODY_CAP) chunks.push(chunk);
          size += chunk.length;
          if (size >= RESPONSE_BODY_CAP) done(); // the rest is not read
        });
        response.on("end", done);
        response.on("error", done);
      },
    );
    request.on("error", () => finish({ statusCode: 0, body: null, outcome: "failed" }));
    request.end(body);
  });
}
