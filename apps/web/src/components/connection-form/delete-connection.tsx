"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
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
import { formatNumber } from "@/lib/format";
import { errorInfo } from "@/lib/trpc-error";
import { useTRPC } from "@/trpc/react";
import type { Connection } from "@/trpc/types";

/** "Delete connection" behind a confirmation: cancels its active job, removes it with its jobs and entities. */
export function DeleteConnection({ connection }: { connection: Connection }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const remove = useMutation(
    trpc.sourceConnections.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.sourceConnections.list.queryKey() });
        router.push("/");
      },
    }),
  );
  return (
    <section aria-labelledby="danger-zone" className="mt-10 rounded-lg border border-destructive/40 p-4 sm:p-5">
      <h2 id="danger-zone" className="font-semibold">
        Delete this connection
      </h2>
      <p className="mt-1 mb-4 text-sm text-muted-foreground">
        Its jobs and {formatNumber(connection.entities.total)} stored entities go with it.
      </p>
      <AlertDialog open={open} onOpenChange={setOpen}>
        <AlertDialogTrigger asChild>
          <Button variant="outline" className="border-destructive/50 text-destructive hover:bg-destructive/10">
            <Trash2 aria-hidden />
            Delete connection
          </Button>
        </AlertDialogTrigger>
        <AlertDialogContent>
          <AlertDialogTitle>Delete “{connection.name}”?</AlertDialogTitle>
          <AlertDialogDescription>
            This cancels its active job, if any, and deletes the connection, its job history and its{" "}
            {formatNumber(connection.entities.total)} stored entities. It cannot be undone.
          </AlertDialogDescription>
          {remove.error ? (
            <p role="alert" className="text-sm text-destructive">
              {errorInfo(remove.error).message}
            </p>
          ) : null}
          <AlertDialogFooter>
            <AlertDialogCancel>Keep connection</AlertDialogCancel>
            <AlertDialogAction
              disabled={remove.isPending}
              onClick={(event) => {
                event.preventDefault(); // stay open until the delete has succeeded
                remove.mutate({ id: connection.id });
              }}
            >
              {remove.isPending ? "Deleting…" : "Delete"}
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </section>
  );
}
