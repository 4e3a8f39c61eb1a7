import { routeTemplate } from "@weft/rest";
import { observed } from "../../../server/observe";
import { handleRestRequest } from "../../../server/rest-handler";

const handle = observed((request) => routeTemplate(request.method, request.url) ?? "/v1/*", handleRestRequest);

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = handle;
export const POST = handle;
export const PATCH = handle;
export const DELETE = handle;
export const PUT = handle;
