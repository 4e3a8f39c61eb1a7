// Snake_case request fields built from the shared input schemas of @weft/api, so REST and tRPC accept the same values.
import { z } from "zod";
import { id, pageLimit, pageSkip } from "@weft/api/schemas";

export { id };

/** FastAPI's lenient query booleans. */
export const queryBool = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off", "True", "False"])
  .transform((v) => ["true", "1", "yes", "on", "True"].includes(v));

export const listQuery = z.object({ skip: pageSkip.default(0), limit: pageLimit.default(100) });

export const readableIdParam = z.object({ readable_id: z.string().min(1) });
export const connectionParam = z.object({ id });
export const jobParam = z.object({ job_id: id });
