import { healthResponse } from "../../../server/health";
import { observed } from "../../../server/observe";

export const dynamic = "force-dynamic";

export const GET = observed("/api/health", () => healthResponse(), { quiet: true });
