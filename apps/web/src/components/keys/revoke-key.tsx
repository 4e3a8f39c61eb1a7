"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { errorInfo } from "@/lib/trpc-error";
import { useTRPC } from "@/trpc/react";
import type { ApiKey } from "@/trpc/types";

/** Revoke behind a confirmation. Revoking the key of this session also signs you out. */
export function RevokeKey({ apiKey, isCurrent }: { apiKey: ApiKey; isCurrent: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        if (isCurrent) return window.location.assign("/sign-in");
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
        setOpen(false);
      },
    }),
  );
  return (
    <AlertDialog open={open} onOpenChange={setOpen}>
      <AlertDialogTrigger asChild>
        <Button variant="outline" size="sm" className="text-destructive">
          Revoke
        </Button>
      </AlertDialogTrigger>
      <AlertDialogContent>
        <AlertDialogTitle>Revoke “{apiKey.name}”?</AlertDialogTitle>
        <AlertDialogDescription>
          Requests with this key ({apiKey.prefix}…) will be refused at once, and web sessions signed in with it end.
          {isCurrent ? " You are signed in with this key: you will be signed out." : ""} This cannot be undone.
        </AlertDialogDescription>
        {revoke.error ? (
          <p role="alert" className="text-sm text-destructive">
            {errorInfo(revoke.error).message}
          </p>
        ) : null}
        <AlertDialogFooter>
          <AlertDialogCancel>Keep key</AlertDialogCancel>
          <AlertDialogAction
            disabled={revoke.isPending}
            onClick={(event) => {
              event.preventDefault();
              revoke.mutate({ id: apiKey.id });
            }}
          >
            Revoke
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
