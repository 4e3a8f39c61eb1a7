// Snake_case request fields built from the shared input schemas of @weft/api, so REST and tRPC accept the same values.
import { z } from "zod";
import { collectionKey, connectionKey, id, jobKey, listCollectionsInput } from "@weft/api/schemas";

export { id };

/** FastAPI's lenient query booleans. */
export const queryBool = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off", "True", "False"])
  .transform((v) => ["true", "1", "yes", "on", "True"].includes(v));

export const listQuery = listCollectionsInput;

export const readableIdParam = z.object({ readable_id: collectionKey.shape.readableId });
export const connectionParam = connectionKey;
export const jobParam = z.object({ job_id: jobKey.shape.jobId });
