import { handleTrpcRequest } from "../../../../server/trpc-handler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function GET(req: Request): Promise<Response> {
  return handleTrpcRequest(req);
}

export function POST(req: Request): Promise<Response> {
  return handleTrpcRequest(req);
}
