// Collection DTO (Airweave's shape, CONTRACT.md "Resource shapes").
import { z } from "zod";
import type { CollectionView } from "@weft/api";

export const collectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  readable_id: z.string(),
  organization_id: z.string(),
  created_at: z.string(),
  modified_at: z.string(),
  created_by_email: z.string().nullable(),
  modified_by_email: z.string().nullable(),
  status: z.enum(["ACTIVE", "NEEDS SOURCE", "ERROR"]),
  source_connection_summaries: z.array(z.object({ short_name: z.string(), name: z.string() })),
});

export function collectionDto(c: CollectionView): z.infer<typeof collectionSchema> {
  return {
    id: c.id,
    name: c.name,
    readable_id: c.readableId,
    organization_id: c.organizationId,
    created_at: c.createdAt.toISOString(),
    modified_at: c.modifiedAt.toISOString(),
    created_by_email: c.createdByEmail,
    modified_by_email: c.modifiedByEmail,
    status: c.status,
    source_connection_summaries: c.sourceConnections.map((s) => ({ short_name: s.shortName, name: s.name })),
  };
}
