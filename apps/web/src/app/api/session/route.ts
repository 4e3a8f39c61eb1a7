import { signIn, signOut } from "../../../server/session";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export function POST(request: Request): Promise<Response> {
  return signIn(request);
}

export function DELETE(request: Request): Promise<Response> {
  return signOut(request);
}
