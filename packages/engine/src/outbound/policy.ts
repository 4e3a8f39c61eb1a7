// The operator's outbound allowances (WEFT_OUTBOUND_ALLOW): host names, IPs, CIDRs and socket paths that may be
// reached although they are private or local. Everything public is reachable; nothing else is.
import ipaddr from "ipaddr.js";
import { canonicalIp, isLocalName, parseHost, restrictedRange } from "./address";

export type OutboundPolicy = {
  /** The allowances as configured, for messages. */
  readonly entries: readonly string[];
  allowsName(name: string): boolean;
  allowsIp(ip: ipaddr.IPv4 | ipaddr.IPv6): boolean;
  allowsSocket(path: string): boolean;
};

export const OUTBOUND_VARIABLE = "WEFT_OUTBOUND_ALLOW";

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

export function createOutboundPolicy(entries: readonly string[]): OutboundPolicy {
  const names = new Set<string>();
  const sockets = new Set<string>();
  const ranges: Range[] = [];
  for (const entry of entries) {
    if (entry.includes("/") && !entry.startsWith("/")) {
      const [ip, prefix] = ipaddr.parseCIDR(entry);
      ranges.push(
        ip.kind() === "ipv6" && (ip as ipaddr.IPv6).isIPv4MappedAddress()
          ? [canonicalIp(ip), Math.max(0, prefix - 96)]
          : [ip, prefix],
      );
      continue;
    }
    const parsed = parseHost(entry);
    if (parsed.kind === "ip") ranges.push([parsed.ip, parsed.ip.kind() === "ipv4" ? 32 : 128]);
    else if (parsed.kind === "name") names.add(parsed.name.toLowerCase());
    else if (parsed.kind === "socket") sockets.add(parsed.path.replace(/\/+$/, "") || "/");
    else throw new Error(`${OUTBOUND_VARIABLE}: "${entry}" is not a host name, IP, CIDR or socket path`);
  }
  return {
    entries: [...entries],
    allowsName: (name) => names.has(name.toLowerCase().replace(/\.$/, "")),
    allowsIp: (raw) => {
      const ip = canonicalIp(raw);
      return ranges.some(([base, prefix]) => base.kind() === ip.kind() && ip.match(base, prefix));
    },
    allowsSocket: (path) => sockets.has(path.replace(/\/+$/, "") || "/"),
  };
}

/** A refusal: what the host is and why it is refused, worded for the person who typed it. */
export type Refusal = { host: string; reason: string };

function refusal(host: string, what: string): Refusal {
  return {
    host,
    reason: `${what}. Only public addresses are allowed unless the server's operator lists this one in ${OUTBOUND_VARIABLE}.`,
  };
}

/**
 * Save-time check of a configured host, without DNS: IP literals in every spelling, local names (localhost) and
 * socket paths. A host name is checked again on every address it resolves to when connecting (see resolve.ts).
 */
export function checkHost(host: string, policy: OutboundPolicy): Refusal | null {
  const parsed = parseHost(host);
  switch (parsed.kind) {
    case "invalid":
      return { host, reason: `"${host}" is not a valid host name or IP address.` };
    case "socket":
      return policy.allowsSocket(parsed.path) ? null : refusal(host, `"${host}" is a Unix socket path on the server`);
    case "name":
      if (policy.allowsName(parsed.name) || !isLocalName(parsed.name)) return null;
      return refusal(host, `"${host}" names this server itself`);
    case "ip": {
      const range = restrictedRange(parsed.ip);
      if (range === null || policy.allowsIp(parsed.ip)) return null;
      return refusal(host, `"${host}" is ${parsed.address}, a ${range} address`);
    }
  }
}

export { refusal as outboundRefusal };
