// Cron expressions of sync schedules: standard 5-field cron, evaluated in UTC by cron-parser.
import { CronExpressionParser } from "cron-parser";

/** Why the expression is not a valid 5-field cron, or null when it is. */
export function cronError(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5)
    return `"${expression}" must have 5 fields (minute hour day-of-month month day-of-week), it has ${fields.length}`;
  try {
    CronExpressionParser.parse(expression, { tz: "UTC" });
    return null;
  } catch (error) {
    return `"${expression}" is not a valid cron expression: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** The first due time strictly after `after`. */
export function nextRunAfter(expression: string, after: Date): Date {
  return CronExpressionParser.parse(expression, { currentDate: after, tz: "UTC" }).next().toDate();
}
