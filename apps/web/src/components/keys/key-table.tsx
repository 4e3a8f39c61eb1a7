"use client";
import { RelativeTime, Timestamp } from "@/components/relative-time";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ApiKey } from "@/trpc/types";
import { RevokeKey } from "./revoke-key";

function stateOf(key: ApiKey, now = Date.now()) {
  if (key.revokedAt) return { label: "REVOKED", tone: "danger" as const };
  if (key.expiresAt && key.expiresAt.getTime() <= now) return { label: "EXPIRED", tone: "warning" as const };
  return { label: "ACTIVE", tone: "success" as const };
}

/** The organization's keys: prefix, name, created, last used, expiry, state, and Revoke for active ones. */
export function KeyTable({ keys, currentKeyId }: { keys: ApiKey[]; currentKeyId: string }) {
  return (
    <section aria-labelledby="keys-heading" className="space-y-3">
      <h2 id="keys-heading" className="text-lg font-semibold">
        Keys
      </h2>
      <div className="md:overflow-hidden md:rounded-lg md:border md:bg-card md:shadow-sm">
        <Table stacked>
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Name</TableHead>
              <TableHead>Prefix</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Last used</TableHead>
              <TableHead>Expires</TableHead>
              <TableHead>State</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {keys.map((key) => {
              const state = stateOf(key);
              return (
                <TableRow key={key.id}>
                  <TableCell data-label="Name" className="font-medium">
                    <span>
                      {key.name}
                      {key.id === currentKeyId ? (
                        <Badge tone="primary" className="ml-2">
                          this session
                        </Badge>
                      ) : null}
                    </span>
                  </TableCell>
                  <TableCell data-label="Prefix">
                    <code className="text-xs">{key.prefix}…</code>
                  </TableCell>
                  <TableCell data-label="Created">
                    <Timestamp date={key.createdAt} />
                  </TableCell>
                  <TableCell data-label="Last used">
                    <RelativeTime date={key.lastUsedAt} fallback="Never" />
                  </TableCell>
                  <TableCell data-label="Expires">
                    <RelativeTime date={key.expiresAt} fallback="Never" />
                  </TableCell>
                  <TableCell data-label="State">
                    <Badge tone={state.tone}>{state.label}</Badge>
                  </TableCell>
                  <TableCell className="text-right max-md:justify-end max-md:empty:hidden">
                    {key.revokedAt ? null : <RevokeKey apiKey={key} isCurrent={key.id === currentKeyId} />}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}
