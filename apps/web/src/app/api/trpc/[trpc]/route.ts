import { observed } from "../../../../server/observe";
import { handleTrpcRequest } from "../../../../server/trpc-handler";

// One label for every procedure: names come from the client, so they are not a label.
const handle = observed("/api/trpc", handleTrpcRequest);

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function GET(req: Request): Promise<Response> {
  return handle(req);
}

export function POST(req: Request): Promise<Response> {
  return handle(req);
}
