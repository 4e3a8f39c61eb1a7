"use client";
import { Input } from "@/components/ui/input";
import { RadioCard, RadioCards } from "@/components/ui/radio-cards";
import { describeCron, SCHEDULE_PRESETS, type SchedulePreset } from "@/lib/cron";
import { describedBy, FormField } from "./form-field";

type Props = {
  preset: SchedulePreset;
  cron: string;
  error?: string;
  onChange: (preset: SchedulePreset, cron: string) => void;
};

/** None, every 15 minutes, hourly, daily, or a custom cron expression with a plain-English preview (cronstrue). */
export function SchedulePicker({ preset, cron, error, onChange }: Props) {
  const effective = preset === "custom" ? cron : (SCHEDULE_PRESETS.find((p) => p.value === preset)?.cron ?? "");
  const preview = effective ? describeCron(effective) : null;
  const previewText = !effective
    ? "No schedule: the connection runs only when you press Run."
    : (preview ?? "Not a valid 5-field cron expression yet (minute hour day-of-month month day-of-week).");
  return (
    <fieldset className="space-y-3">
      <legend id="schedule-legend" className="mb-2 text-sm font-medium">
        Schedule
      </legend>
      <RadioCards
        aria-labelledby="schedule-legend"
        value={preset}
        onValueChange={(value) => onChange(value as SchedulePreset, value === "custom" ? cron || effective : cron)}
        className="grid-cols-2 sm:grid-cols-3 lg:grid-cols-5"
      >
        {SCHEDULE_PRESETS.map((p) => (
          <RadioCard key={p.value} group="schedule" value={p.value} title={p.label} description={p.hint} />
        ))}
      </RadioCards>
      {preset === "custom" ? (
        <FormField
          id="cron"
          label="Cron expression"
          help="Five fields: minute hour day-of-month month day-of-week, in UTC. Example: 30 2 * * 1-5"
          error={error}
        >
          <Input
            id="cron"
            value={cron}
            spellCheck={false}
            placeholder="*/30 * * * *"
            className="font-mono"
            onChange={(e) => onChange("custom", e.target.value)}
            {...describedBy("cron", true, error)}
          />
        </FormField>
      ) : error ? (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
      <p aria-live="polite" className="rounded-md bg-muted px-3 py-2 text-sm">
        {effective ? <code className="mr-2 text-xs">{effective}</code> : null}
        {previewText}
      </p>
    </fieldset>
  );
}
