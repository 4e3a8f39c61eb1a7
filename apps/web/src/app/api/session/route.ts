import { withBodyLimit } from "../../../server/body-limit";
import { observed } from "../../../server/observe";
import { signIn, signOut } from "../../../server/session";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = observed("/api/session", withBodyLimit(signIn));

export const DELETE = observed("/api/session", signOut);
