import { handleRestRequest } from "../../../server/rest-handler";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = handleRestRequest;
export const POST = handleRestRequest;
export const PATCH = handleRestRequest;
export const DELETE = handleRestRequest;
export const PUT = handleRestRequest;
