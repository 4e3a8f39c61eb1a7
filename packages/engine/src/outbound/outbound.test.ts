import { describe, expect, it } from "vitest";
import {
  checkHost,
  createOutboundPolicy,
  OutboundRefusedError,
  parseHost,
  resolveDestination,
  type Lookup,
} from "./index";

const none = createOutboundPolicy([]);

describe("outbound policy", () => {
  it("reads every IPv4 spelling inet_aton accepts, and IPv4-mapped IPv6, as the address it connects to", () => {
    for (const host of [
      "127.0.0.1",
      "127.1",
      "0x7f000001",
      "2130706433",
      "017700000001",
      "0177.0.0.1",
      "[::ffff:127.0.0.1]",
      "::ffff:7f00:1",
      "::127.0.0.1",
    ]) {
      expect(parseHost(host), host).toMatchObject({ kind: "ip", address: "127.0.0.1" });
    }
    expect(parseHost("/var/run/postgresql")).toEqual({ kind: "socket", path: "/var/run/postgresql" });
    expect(parseHost("DB.Example.COM.")).toEqual({ kind: "name", name: "db.example.com" });
    expect(parseHost("a b")).toEqual({ kind: "invalid" });
    expect(parseHost("999.1.1.1")).toEqual({ kind: "invalid" });
    for (const host of ["evil.com@127.0.0.1", "127.0.0.1:5432", "8.8.8.8/x", "a?b", "a#b", "a\\b"])
      expect(parseHost(host), host).toEqual({ kind: "invalid" });
  });

  it("refuses local, private and special addresses and local names; passes public ones", () => {
    for (const host of [
      "127.1",
      "::1",
      "localhost",
      "x.localhost",
      "0.0.0.0",
      "10.1.2.3",
      "169.254.169.254",
      "fc00::1",
      "fe80::1",
      "ff02::1",
      "255.255.255.255",
      "192.0.2.1",
      "/tmp",
    ]) {
      expect(checkHost(host, none), host).toMatchObject({ reason: expect.stringContaining("WEFT_OUTBOUND_ALLOW") });
    }
    for (const host of ["8.8.8.8", "2001:4860:4860::8888", "db.example.com"])
      expect(checkHost(host, none), host).toBeNull();
  });

  it("allows what the operator lists: IPs in any spelling, CIDRs (mapped forms included), names and socket paths", () => {
    const policy = createOutboundPolicy([
      "127.0.0.1",
      "10.0.0.0/8",
      "db.internal",
      "localhost",
      "/var/run/postgresql/",
    ]);
    for (const host of [
      "127.1",
      "[::ffff:127.0.0.1]",
      "10.200.0.1",
      "::ffff:10.0.0.9",
      "DB.internal",
      "localhost",
      "/var/run/postgresql",
    ]) {
      expect(checkHost(host, policy), host).toBeNull();
    }
    expect(checkHost("127.0.0.2", policy)).not.toBeNull();
    expect(checkHost("11.0.0.1", policy)).toBeNull();
    expect(checkHost("192.168.0.1", policy)).not.toBeNull();
    expect(() => createOutboundPolicy(["not a host"])).toThrow(/WEFT_OUTBOUND_ALLOW/);
  });

  it("resolves once, refuses if any answer is local, and connects to the checked IP (no second lookup to rebind)", async () => {
    const calls: string[] = [];
    const answers =
      (...addresses: string[]): Lookup =>
      (name) => {
        calls.push(name);
        return Promise.resolve(addresses.map((address) => ({ address })));
      };
    await expect(
      resolveDestination("rebind.example.com", none, answers("93.184.216.34", "127.0.0.1")),
    ).rejects.toBeInstanceOf(OutboundRefusedError);
    await expect(resolveDestination("mapped.example.com", none, answers("::ffff:169.254.169.254"))).rejects.toThrow(
      /link-local|linkLocal/,
    );
    expect(await resolveDestination("public.example.com", none, answers("93.184.216.34"))).toEqual({
      address: "93.184.216.34",
      host: "public.example.com",
      socket: false,
    });
    expect(calls).toEqual(["rebind.example.com", "mapped.example.com", "public.example.com"]);
    const internal = createOutboundPolicy(["db.internal"]);
    expect((await resolveDestination("db.internal", internal, answers("10.0.0.7"))).address).toBe("10.0.0.7");
    await expect(resolveDestination("gone.example.com", none, answers())).rejects.toMatchObject({ code: "ENOTFOUND" });
    expect((await resolveDestination("0x7f000001", createOutboundPolicy(["127.0.0.1"]), answers())).address).toBe(
      "127.0.0.1",
    );
  });
});
