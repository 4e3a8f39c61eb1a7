import { withBodyLimit } from "../../../server/body-limit";
import { signIn, signOut } from "../../../server/session";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = withBodyLimit(signIn);

export function DELETE(request: Request): Promise<Response> {
  return signOut(request);
}
