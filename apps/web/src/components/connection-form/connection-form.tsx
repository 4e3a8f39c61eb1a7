"use client";
import { useSuspenseQuery } from "@tanstack/react-query";
import { AlertCircle } from "lucide-react";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { Badge } from "@/components/ui/badge";
import { Button, buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox, Input, Textarea } from "@/components/ui/input";
import { presetFor, SCHEDULE_PRESETS, type SchedulePreset } from "@/lib/cron";
import { useTRPC } from "@/trpc/react";
import type { Connection } from "@/trpc/types";
import { CollectionPicker, NEW_COLLECTION } from "./collection-picker";
import { ConfigFields } from "./config-fields";
import { initialValues, toConfig, type FieldValues } from "./config-values";
import { describedBy, FormField } from "./form-field";
import { SchedulePicker } from "./schedule-picker";
import { SourcePicker } from "./source-picker";
import { useConnectionSubmit } from "./use-connection-submit";

/** New connection (no `connection`) or edit: source type, config generated from its fields, collection, schedule. */
export function ConnectionForm({ connection }: { connection?: Connection }) {
  const trpc = useTRPC();
  const editing = Boolean(connection);
  const { data: sources } = useSuspenseQuery(trpc.sources.list.queryOptions());
  const { data: collections } = useSuspenseQuery(trpc.collections.list.queryOptions({}));
  const [shortName, setShortName] = useState(connection?.shortName ?? sources[0]?.shortName ?? "");
  const source = sources.find((s) => s.shortName === shortName);
  const fields = source?.configFields ?? [];
  const [values, setValues] = useState<FieldValues>(() =>
    initialValues(fields, connection?.config as Record<string, unknown> | undefined),
  );
  const [name, setName] = useState(connection?.name ?? "");
  const [description, setDescription] = useState(connection?.description ?? "");
  const [collection, setCollection] = useState({
    value: connection?.readableCollectionId ?? collections[0]?.readableId ?? NEW_COLLECTION,
    title: "",
  });
  const [schedule, setSchedule] = useState<{ preset: SchedulePreset; cron: string }>({
    preset: presetFor(connection?.sync.cron),
    cron: connection?.sync.cron ?? "",
  });
  const [syncNow, setSyncNow] = useState(true);
  const { submit, errors, formError, pending } = useConnectionSubmit((readableId) =>
    setCollection({ value: readableId, title: "" }),
  );

  const chooseSource = (next: string) => {
    setShortName(next);
    setValues(initialValues(sources.find((s) => s.shortName === next)?.configFields ?? []));
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const { config, credentials, errors: clientErrors } = toConfig(fields, values, editing);
    const cron =
      schedule.preset === "custom"
        ? schedule.cron.trim()
        : (SCHEDULE_PRESETS.find((p) => p.value === schedule.preset)?.cron ?? null);
    if (schedule.preset === "custom" && !cron)
      clientErrors["schedule.cron"] = "Enter a cron expression, or choose another schedule.";
    const newTitle = collection.value === NEW_COLLECTION ? collection.title.trim() : null;
    if (newTitle !== null && newTitle.length < 4)
      clientErrors["collection.name"] = "Give the new collection a title of at least 4 characters.";
    const secrets = Object.keys(credentials).length ? { credentials } : {};
    if (connection) {
      void submit(
        {
          mode: "edit",
          body: {
            id: connection.id,
            name: name.trim() || undefined,
            description: description.trim() || null,
            config,
            ...secrets,
            schedule: { cron: cron || null },
          },
        },
        clientErrors,
      );
    } else {
      const body = {
        shortName,
        readableCollectionId: collection.value,
        name: name.trim() || undefined,
        description: description.trim() || undefined,
        config,
        ...secrets,
        schedule: cron ? { cron } : null,
        syncImmediately: syncNow,
      };
      void submit({ mode: "create", newCollectionTitle: newTitle, body }, clientErrors);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      {formError ? (
        <div
          role="alert"
          className="flex gap-2 rounded-md border border-destructive/40 bg-destructive/10 p-3 text-sm text-destructive"
        >
          <AlertCircle aria-hidden className="mt-0.5 size-4 shrink-0" />
          <span>{formError}</span>
        </div>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>Source</CardTitle>
        </CardHeader>
        <CardContent className="space-y-6">
          {editing ? (
            <p className="text-sm">
              Source type: <Badge tone="primary">{source?.name ?? shortName}</Badge>{" "}
              <span className="text-muted-foreground">(cannot be changed)</span>
            </p>
          ) : (
            <SourcePicker
              sources={sources}
              value={shortName}
              onChange={chooseSource}
              error={errors.shortName ?? errors.short_name}
            />
          )}
          {fields.length ? (
            <ConfigFields
              fields={fields}
              values={values}
              errors={errors}
              onChange={(field, value) => setValues((v) => ({ ...v, [field]: value }))}
              secretsSaved={Boolean(connection?.hasCredentials)}
            />
          ) : null}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Connection</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-5 sm:grid-cols-2">
          <FormField
            id="connection-name"
            label="Name"
            help={editing ? undefined : `Optional; defaults to "${source?.name ?? "Source"} connection".`}
            error={errors.name}
          >
            <Input
              id="connection-name"
              value={name}
              placeholder={`${source?.name ?? "Source"} connection`}
              onChange={(e) => setName(e.target.value)}
              {...describedBy("connection-name", !editing, errors.name)}
            />
          </FormField>
          {editing ? (
            <p className="text-sm">
              Collection: <code className="text-xs">{connection?.readableCollectionId}</code>
            </p>
          ) : (
            <CollectionPicker
              collections={collections}
              value={collection.value}
              newTitle={collection.title}
              errors={errors}
              onChange={(value, title) => setCollection({ value, title })}
            />
          )}
          <div className="sm:col-span-2">
            <FormField id="connection-description" label="Description" error={errors.description}>
              <Textarea
                id="connection-description"
                value={description}
                rows={2}
                className="font-sans"
                onChange={(e) => setDescription(e.target.value)}
                {...describedBy("connection-description", false, errors.description)}
              />
            </FormField>
          </div>
          <div className="sm:col-span-2">
            <SchedulePicker
              preset={schedule.preset}
              cron={schedule.cron}
              error={errors["schedule.cron"] ?? errors.schedule}
              onChange={(preset, cron) => setSchedule({ preset, cron })}
            />
          </div>
          {editing ? null : (
            <FormField
              id="sync-now"
              label="Sync now"
              inline
              help="Start the first sync as soon as the connection is created."
            >
              <Checkbox
                id="sync-now"
                checked={syncNow}
                onChange={(e) => setSyncNow(e.target.checked)}
                aria-describedby="sync-now-help"
              />
            </FormField>
          )}
        </CardContent>
      </Card>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : editing ? "Save changes" : "Create connection"}
        </Button>
        <Link
          href={connection ? `/connections/${connection.id}` : "/"}
          className={buttonVariants({ variant: "ghost" })}
        >
          Back
        </Link>
      </div>
    </form>
  );
}
