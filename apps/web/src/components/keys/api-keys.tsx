"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/trpc/react";
import { CreateKeyForm } from "./create-key-form";
import { KeyTable } from "./key-table";
import { NewKeySecret, type CreatedKey } from "./new-key-secret";

/** Create a key (its secret shown once), list the organization's keys, revoke one. */
export function ApiKeys({ currentKeyId }: { currentKeyId: string }) {
  const trpc = useTRPC();
  const { data: keys } = useSuspenseQuery(trpc.apiKeys.list.queryOptions());
  const [created, setCreated] = useState<CreatedKey | null>(null);
  return (
    <div className="space-y-6">
      {created ? (
        <NewKeySecret created={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateKeyForm onCreated={setCreated} />
      )}
      <KeyTable keys={keys} currentKeyId={currentKeyId} />
    </div>
  );
}
