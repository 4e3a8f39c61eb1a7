// What the server's operator lets sources reach: outbound addresses (WEFT_OUTBOUND_ALLOW) and local directories
// (WEFT_FILESYSTEM_ROOTS). Read from env once per engine; tests build their own with explicit allowances.
import { env } from "@weft/config";
import { createOutboundPolicy, type OutboundPolicy } from "./outbound/index";

export type AccessPolicy = {
  outbound: OutboundPolicy;
  /** Absolute directories the filesystem source may read; empty: none. */
  filesystemRoots: readonly string[];
};

export function createAccessPolicy(
  options: { outboundAllow?: readonly string[]; filesystemRoots?: readonly string[] } = {},
): AccessPolicy {
  return {
    outbound: createOutboundPolicy(options.outboundAllow ?? []),
    filesystemRoots: [...(options.filesystemRoots ?? [])],
  };
}

export function accessPolicyFromEnv(): AccessPolicy {
  return createAccessPolicy({ outboundAllow: env.WEFT_OUTBOUND_ALLOW, filesystemRoots: env.WEFT_FILESYSTEM_ROOTS });
}
