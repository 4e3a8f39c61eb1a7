"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { KeyRound } from "lucide-react";
import { useState, type FormEvent } from "react";
import { describedBy, FormField } from "@/components/connection-form/form-field";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { errorInfo, issuesByPath } from "@/lib/trpc-error";
import { useTRPC } from "@/trpc/react";
import type { CreatedKey } from "./new-key-secret";

export function CreateKeyForm({ onCreated }: { onCreated: (key: CreatedKey) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [days, setDays] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: (key) => {
        void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
        setName("");
        setDays("");
        onCreated(key);
      },
      onError: (error) => {
        const info = errorInfo(error);
        setErrors(info.issues.length ? issuesByPath(info.issues) : { form: info.message });
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: Record<string, string> = {};
    if (!name.trim()) next.name = "Give the key a name, e.g. the service that will use it.";
    const expiresInDays = days.trim() ? Number(days) : undefined;
    if (expiresInDays !== undefined && (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > 3650))
      next.expiresInDays = "Enter whole days from 1 to 3650, or leave it empty for a key that never expires.";
    setErrors(next);
    if (!Object.keys(next).length) create.mutate({ name: name.trim(), ...(expiresInDays ? { expiresInDays } : {}) });
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>New API key</CardTitle>
      </CardHeader>
      <CardContent>
        <form
          onSubmit={submit}
          noValidate
          className="grid items-start gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_auto]"
        >
          <FormField id="key-name" label="Name" required error={errors.name}>
            <Input
              id="key-name"
              value={name}
              maxLength={100}
              placeholder="e.g. billing-sync"
              onChange={(e) => setName(e.target.value)}
              {...describedBy("key-name", false, errors.name)}
            />
          </FormField>
          <FormField
            id="key-expiry"
            label="Expires after (days)"
            help="Empty: never expires."
            error={errors.expiresInDays}
          >
            <Input
              id="key-expiry"
              type="number"
              min={1}
              max={3650}
              inputMode="numeric"
              value={days}
              onChange={(e) => setDays(e.target.value)}
              {...describedBy("key-expiry", true, errors.expiresInDays)}
            />
          </FormField>
          <Button type="submit" className="sm:mt-5" disabled={create.isPending}>
            <KeyRound aria-hidden />
            Create key
          </Button>
          {errors.form ? (
            <p role="alert" className="text-sm text-destructive sm:col-span-3">
              {errors.form}
            </p>
          ) : null}
        </form>
      </CardContent>
    </Card>
  );
}
