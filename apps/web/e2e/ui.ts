// What a user does in the web UI, through accessible names only (roles and labels, never CSS classes or test ids).
import type { Locator, Page } from "playwright-core";
import { waitUntil } from "./harness";
import type { TestApp } from "./session";

export const COUNTERS = ["Inserted", "Updated", "Kept", "Deleted", "Skipped", "Failed"] as const;
export type CounterName = (typeof COUNTERS)[number];
export type Counts = Record<CounterName, number>;

/** Signs in on /sign-in with `key` and waits for the overview. */
export async function signIn(page: Page, app: TestApp, key: string = app.key): Promise<void> {
  await page.goto(`${app.url}/sign-in`);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/");
}

/** The first whole number in a text ("12,345" and "12 345" included). */
export function numberIn(text: string): number | null {
  const match = /\d[\d,\u00a0\u202f ]*/.exec(text);
  return match ? Number(match[0].replace(/[^\d]/g, "")) : null;
}

/** The counter labelled `name` (e.g. "Inserted") inside `scope`. */
export function counter(scope: Page | Locator, name: CounterName): Locator {
  return scope.getByLabel(name, { exact: true });
}

export async function readCounter(scope: Page | Locator, name: CounterName): Promise<number | null> {
  const text = await counter(scope, name)
    .first()
    .innerText({ timeout: 5_000 })
    .catch(() => "");
  return numberIn(text.replace(name, ""));
}

export async function readCounters(scope: Page | Locator): Promise<Partial<Counts>> {
  const counts: Partial<Counts> = {};
  for (const name of COUNTERS) {
    const value = await readCounter(scope, name);
    if (value !== null) counts[name] = value;
  }
  return counts;
}

/** A status badge with this exact text. */
export function statusBadge(scope: Page | Locator, status: string): Locator {
  return scope.getByText(status, { exact: true });
}

/** The id in the page's URL after `/connections/` or `/jobs/`. */
export function idInUrl(page: Page, kind: "connections" | "jobs"): string {
  const id = new RegExp(`/${kind}/([^/?#]+)`).exec(new URL(page.url()).pathname)?.[1];
  if (!id || id === "new") throw new Error(`no ${kind} id in ${page.url()}`);
  return id;
}

/** The connection page's panel of its latest job (live while it runs). */
export function latestJob(page: Page): Locator {
  return page.getByRole("region", { name: "Latest job" });
}

/** The connection page's job history: each job's cells by column header, for the row whose text has `text`. */
export async function historyRow(page: Page, text: string): Promise<Record<string, string> | null> {
  const history = page.getByRole("region", { name: "Job history" });
  const headers = await history.getByRole("columnheader").allInnerTexts();
  const row = history.getByRole("row").filter({ hasText: text });
  if ((await row.count()) !== 1) return null;
  const cells = await row.getByRole("cell").allInnerTexts();
  return Object.fromEntries(headers.map((h, i) => [h.trim(), (cells[i] ?? "").trim()]));
}

/** `collection` is a readable id (the select's option value). */
export type ConnectionForm = {
  source: "Stub" | "Filesystem" | "Exception Stub";
  name: string;
  collection?: string;
  fields: Record<string, string>;
};

/** Fills /connections/new (reached by the "New connection" link) and submits it; the new connection's id. */
export async function createConnection(page: Page, form: ConnectionForm): Promise<string> {
  if (!new URL(page.url()).pathname.startsWith("/connections/new")) {
    await page.getByRole("link", { name: "New connection" }).first().click();
    await page.waitForURL((url) => url.pathname === "/connections/new");
  }
  await page.getByRole("radio", { name: form.source, exact: true }).click();
  await page.getByLabel("Name", { exact: true }).fill(form.name);
  if (form.collection) await page.getByLabel("Collection", { exact: true }).selectOption(form.collection);
  for (const [label, value] of Object.entries(form.fields)) await page.getByLabel(label, { exact: true }).fill(value);
  const syncNow = page.getByRole("checkbox", { name: /sync (now|immediately)/i });
  if ((await syncNow.count()) > 0 && (await syncNow.isChecked())) await syncNow.uncheck();
  await page.getByRole("button", { name: "Create connection" }).click();
  await page.waitForURL((url) => /^\/connections\/(?!new)[^/]+$/.test(url.pathname), { timeout: 20_000 });
  return idInUrl(page, "connections");
}

/** Waits (polling, no reload) until a badge shows one of `statuses`; the one it shows. */
export async function waitForStatus(
  scope: Page | Locator,
  statuses: readonly string[],
  timeoutMs = 60_000,
): Promise<string> {
  const shown = async () => {
    for (const status of statuses) if (await statusBadge(scope, status).first().isVisible()) return status;
    return "";
  };
  return waitUntil(shown, (found) => found !== "", `status ${statuses.join(" or ")}`, timeoutMs, 50);
}
