// Connect-time check: resolve the host once, check every address it resolves to, and hand back one checked IP to
// connect to, so a DNS answer that changes between the check and the connection (rebinding) is never used.
import { lookup as dnsLookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";
import { parseHost, restrictedRange } from "./address";
import { checkHost, outboundRefusal, type OutboundPolicy, type Refusal } from "./policy";

export type Lookup = (name: string) => Promise<{ address: string }[]>;

const systemLookup: Lookup = (name) => dnsLookup(name, { all: true, verbatim: true });

/** The outbound rule refused a destination. */
export class OutboundRefusedError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason);
    this.name = "OutboundRefusedError";
  }
}

/** Where to connect: a checked IP literal (or an allowed socket path), and the name it was configured as. */
export type ResolvedDestination = { address: string; host: string; socket: boolean };

export async function resolveDestination(
  host: string,
  policy: OutboundPolicy,
  lookup: Lookup = systemLookup,
): Promise<ResolvedDestination> {
  const refused = checkHost(host, policy);
  if (refused) throw new OutboundRefusedError(refused);
  const parsed = parseHost(host);
  if (parsed.kind === "socket") return { address: parsed.path, host, socket: true };
  if (parsed.kind === "ip") return { address: parsed.address, host, socket: false };
  if (parsed.kind !== "name")
    throw new OutboundRefusedError({ host, reason: `"${host}" is not a valid host name or IP address.` });
  const answers = await lookup(parsed.name);
  const allowedByName = policy.allowsName(parsed.name);
  for (const { address } of answers) {
    if (!ipaddr.isValid(address))
      throw new OutboundRefusedError({
        host,
        reason: `"${host}" resolved to "${address}", which is not an IP address.`,
      });
    const ip = ipaddr.parse(address);
    const range = restrictedRange(ip);
    if (range !== null && !allowedByName && !policy.allowsIp(ip)) {
      throw new OutboundRefusedError(outboundRefusal(host, `"${host}" resolves to ${address}, a ${range} address`));
    }
  }
  const first = answers[0];
  if (!first) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
  return { address: first.address, host, socket: false };
}
