import cronstrue from "cronstrue";

export const SCHEDULE_PRESETS = [
  { value: "none", label: "None", cron: null, hint: "Runs only when you press Run" },
  { value: "15min", label: "Every 15 minutes", cron: "*/15 * * * *", hint: "At minutes 0, 15, 30 and 45" },
  { value: "hourly", label: "Hourly", cron: "0 * * * *", hint: "At minute 0 of every hour" },
  { value: "daily", label: "Daily", cron: "0 0 * * *", hint: "Every day at 00:00 UTC" },
  { value: "custom", label: "Custom", cron: null, hint: "Any 5-field cron expression" },
] as const;

export type SchedulePreset = (typeof SCHEDULE_PRESETS)[number]["value"];

export function presetFor(cron: string | null | undefined): SchedulePreset {
  if (!cron) return "none";
  return SCHEDULE_PRESETS.find((p) => p.cron === cron.trim())?.value ?? "custom";
}

/** "Every 15 minutes (UTC)", or null when the expression cannot be read (5 fields only: minute … day-of-week). */
export function describeCron(cron: string): string | null {
  const trimmed = cron.trim();
  if (trimmed.split(/\s+/).length !== 5) return null;
  try {
    return `${cronstrue.toString(trimmed, { use24HourTimeFormat: true, throwExceptionOnParseError: true })} (UTC)`;
  } catch {
    return null;
  }
}
