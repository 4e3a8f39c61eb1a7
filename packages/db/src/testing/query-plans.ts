// For tests that check query plans: a Prisma client that records every statement it sends (text and parameters, from
// Prisma's query log), and the plan PostgreSQL (or PGlite) chooses for one, as EXPLAIN (FORMAT JSON) gives it.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client";

export type SentQuery = { sql: string; params: unknown[] };

export function queryRecordingPrisma(url: string): { prisma: PrismaClient; sent: SentQuery[] } {
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, max: 4 }),
    log: [{ emit: "event", level: "query" }],
  });
  const sent: SentQuery[] = [];
  prisma.$on("query", (event) => sent.push({ sql: event.query, params: JSON.parse(event.params) as unknown[] }));
  return { prisma, sent };
}

export type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  /** With `analyze`: rows per loop, and loops. */
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  Plans?: PlanNode[];
};

/**
 * The planner's choice for `sql` with these parameter values (sent untyped, as a driver sends them); with `analyze`
 * the statement also runs (a read only!) and each node says how many rows it produced.
 */
export async function explainPlan(url: string, query: SentQuery, analyze = false): Promise<PlanNode> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
      `EXPLAIN (${analyze ? "ANALYZE, " : ""}FORMAT JSON) ${query.sql}`,
      query.params,
    );
    const plan = rows[0]?.["QUERY PLAN"][0]?.Plan;
    if (!plan) throw new Error(`no plan for ${query.sql}`);
    return plan;
  } finally {
    await client.end();
  }
}

/** Every plan node, depth first. */
export function planNodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(planNodes)];
}
