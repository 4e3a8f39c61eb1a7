// A route handler behind WEFT_MAX_BODY_BYTES: the body is read within the limit (413 with a JSON `detail` past it)
// before the handler sees the request.
import { limitRequestBody } from "@weft/rest";

export function withBodyLimit(
  handler: (request: Request) => Promise<Response>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const limited = await limitRequestBody(request);
    return limited instanceof Response ? limited : handler(limited);
  };
}
