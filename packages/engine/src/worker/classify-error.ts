// Turns whatever stopped a job into a message a person can act on and a short category for filtering.
import { isDatabaseUnavailable } from "@weft/db";
import { z } from "zod";
import { SourceError } from "../sources/types";

export type ClassifiedError = { message: string; category: string; errorClass: string };

export function classifyError(error: unknown): ClassifiedError {
  if (isDatabaseUnavailable(error)) {
    const err = error instanceof Error ? error : new Error(String(error));
    return {
      message: `Weft's database became unreachable during the sync and did not come back in time (${err.message}). What was stored is kept; run the sync again, it converges.`,
      category: "database_unavailable",
      errorClass: "DatabaseUnavailableError",
    };
  }
  if (error instanceof SourceError) return { message: error.message, category: error.category, errorClass: error.name };
  if (error instanceof z.ZodError) {
    const fields = error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`).join("; ");
    return { message: `Invalid source configuration: ${fields}`, category: "source_config", errorClass: "ZodError" };
  }
  const err = error instanceof Error ? error : new Error(String(error));
  // Its text may carry SQL or internal hosts: the tenant sees a generic message, the server log the error.
  return {
    message: "Internal error while syncing: the details are in the server log.",
    category: "system_error",
    errorClass: err.name,
  };
}
