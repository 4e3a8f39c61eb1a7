"use client";
// Saving the form: (create a new collection first if asked), then create or update the connection. Server field
// errors come back keyed by path ("config.entity_count", "schedule.cron", "name", "collection.name").
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorInfo, issuesByPath } from "@/lib/trpc-error";
import { useTRPC } from "@/trpc/react";
import type { RouterInputs } from "@/trpc/types";

export type SubmitInput =
  | { mode: "create"; newCollectionTitle: string | null; body: RouterInputs["sourceConnections"]["create"] }
  | { mode: "edit"; body: RouterInputs["sourceConnections"]["update"] };

export function useConnectionSubmit(onCollectionCreated: (readableId: string) => void) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const createCollection = useMutation(trpc.collections.create.mutationOptions());
  const create = useMutation(trpc.sourceConnections.create.mutationOptions());
  const update = useMutation(trpc.sourceConnections.update.mutationOptions());

  const fail = (error: unknown, prefix?: string) => {
    const info = errorInfo(error);
    const byPath = issuesByPath(info.issues);
    setErrors(prefix ? Object.fromEntries(Object.entries(byPath).map(([k, v]) => [`${prefix}.${k}`, v])) : byPath);
    setFormError(info.issues.length ? "Some fields need a change: see the messages next to them." : info.message);
  };

  const submit = async (input: SubmitInput, clientErrors: Record<string, string>) => {
    setErrors(clientErrors);
    setFormError(Object.keys(clientErrors).length ? "Some fields need a change: see the messages next to them." : null);
    if (Object.keys(clientErrors).length) return;
    try {
      if (input.mode === "edit") {
        const saved = await update.mutateAsync(input.body);
        await queryClient.invalidateQueries({ queryKey: trpc.sourceConnections.pathKey() });
        return router.push(`/connections/${saved.id}`);
      }
      let readableCollectionId = input.body.readableCollectionId;
      if (input.newCollectionTitle !== null) {
        try {
          readableCollectionId = (await createCollection.mutateAsync({ name: input.newCollectionTitle })).readableId;
        } catch (error) {
          return fail(error, "collection");
        }
        onCollectionCreated(readableCollectionId); // a retry after a connection error must not make a second one
        await queryClient.invalidateQueries({ queryKey: trpc.collections.pathKey() });
      }
      const created = await create.mutateAsync({ ...input.body, readableCollectionId });
      await queryClient.invalidateQueries({ queryKey: trpc.sourceConnections.pathKey() });
      router.push(`/connections/${created.id}`);
    } catch (error) {
      fail(error);
    }
  };

  return { submit, errors, formError, pending: createCollection.isPending || create.isPending || update.isPending };
}
