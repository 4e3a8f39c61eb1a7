// What a configured host is, read the way the connecting code would read it: the WHATWG URL host parser turns every
// IPv4 spelling inet_aton accepts (127.1, 0x7f000001, 2130706433, 017700000001) into its dotted form, and ipaddr.js
// parses the result and names its range.
import ipaddr from "ipaddr.js";

export type ParsedHost =
  | { kind: "ip"; ip: ipaddr.IPv4 | ipaddr.IPv6; address: string }
  | { kind: "name"; name: string }
  | { kind: "socket"; path: string }
  | { kind: "invalid" };

/** Names that resolve to this machine without asking DNS (RFC 6761). */
const LOCAL_NAME = /(^|\.)localhost$/;

export function parseHost(host: string): ParsedHost {
  const trimmed = host.trim();
  // pg (like libpq) treats a host starting with "/" as the directory of a Unix socket.
  if (trimmed.startsWith("/")) return { kind: "socket", path: trimmed };
  const bare = trimmed.replace(/^\[(.*)\]$/, "$1");
  if (ipaddr.IPv6.isValid(bare)) return ipResult(ipaddr.IPv6.parse(bare));
  // Only a host: userinfo, ports, paths and queries would make the URL parser read some other part as the host.
  if (/[@/?#\\:\s]/.test(trimmed)) return { kind: "invalid" };
  let hostname: string;
  try {
    hostname = new URL(`http://${trimmed}/`).hostname;
  } catch {
    return { kind: "invalid" };
  }
  if (hostname === "" || hostname.includes("[") || hostname.includes("%")) return { kind: "invalid" };
  if (ipaddr.IPv4.isValidFourPartDecimal(hostname)) return ipResult(ipaddr.IPv4.parse(hostname));
  return { kind: "name", name: hostname.replace(/\.$/, "") };
}

/** An IPv4-mapped or -compatible IPv6 address is its IPv4 address (so one rule covers both spellings). */
export function canonicalIp(ip: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  if (ip.kind() === "ipv4") return ip;
  const v6 = ip as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
  // ::a.b.c.d (deprecated IPv4-compatible): the first 96 bits are zero; :: and ::1 keep their own IPv6 ranges.
  const parts = v6.parts;
  if (parts.slice(0, 6).every((p) => p === 0) && (parts[6] ?? 0) !== 0) {
    return ipaddr.IPv4.parse(
      `${(parts[6] ?? 0) >> 8}.${(parts[6] ?? 0) & 255}.${(parts[7] ?? 0) >> 8}.${(parts[7] ?? 0) & 255}`,
    );
  }
  return v6;
}

function ipResult(raw: ipaddr.IPv4 | ipaddr.IPv6): ParsedHost {
  const ip = canonicalIp(raw);
  return { kind: "ip", ip, address: ip.toString() };
}

/**
 * Why an address may not be reached without an allowance ("loopback", "private", …), or null for a public unicast
 * address. Only ipaddr.js's "unicast" (public) range passes: every special range (loopback, private, link-local,
 * unique-local, multicast, unspecified, broadcast, carrier-grade NAT, reserved, NAT64, 6to4, Teredo …) is refused.
 */
export function restrictedRange(raw: ipaddr.IPv4 | ipaddr.IPv6): string | null {
  const ip = canonicalIp(raw);
  const range = ip.range();
  return range === "unicast" ? null : range;
}

export function isLocalName(name: string): boolean {
  return LOCAL_NAME.test(name.toLowerCase());
}
