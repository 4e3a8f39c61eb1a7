// The numbers on the (placeholder) home page. Reads the database only once start-up has finished; @weft/db is loaded
// lazily so the page still renders the start-up error when loading it (e.g. invalid settings) is what failed.
import { serverState } from "./state";

export type Overview =
  | { phase: "ready"; collections: number; connections: number; jobs: number }
  | { phase: "starting" }
  | { phase: "failed"; error: string };

export async function readOverview(): Promise<Overview> {
  const state = serverState();
  if (state.phase !== "ready") return state;
  const { getDatabase } = await import("@weft/db");
  const { prisma } = await getDatabase();
  const [collections, connections, jobs] = await Promise.all([
    prisma.collection.count(),
    prisma.sourceConnection.count(),
    prisma.syncJob.count(),
  ]);
  return { phase: "ready", collections, connections, jobs };
}
