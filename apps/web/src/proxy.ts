// Next 16's proxy (formerly middleware): a page request without a session cookie goes to /sign-in?next=<path>.
// It only checks that the cookie is present; server components verify it against the database.
import { NextResponse, type NextRequest } from "next/server";

const SESSION_COOKIE = "weft_session"; // = SESSION_COOKIE of @weft/auth (not imported: the proxy stays dependency-free)

export function proxy(request: NextRequest): NextResponse {
  if (request.cookies.get(SESSION_COOKIE)?.value) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = "";
  url.searchParams.set("next", `${pathname}${search}`);
  return NextResponse.redirect(url);
}

export const config = {
  // Everything except the API surfaces, Next's own files, public pages and files with an extension.
  matcher: ["/((?!api/|v1/|v1$|metrics$|_next/|sign-in|docs|favicon\\.ico|.*\\.[a-zA-Z0-9]+$).*)"],
};
