// The acceptance flow through the real UI of the built app: sign in with a key made by the CLI, run a slow stub and
// watch it live, cancel it (CANCELLED, the time printed; the history and the job page agree with the REST API), a full sync,
// a filesystem connection, an API key made and revoked on the keys page, and sign out. Each step needs the ones
// before it, so they run in order on one signed-in page.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, waitUntil, type AppPage, type Browser } from "./harness";
import { createCollection, testApp, type RestJob } from "./session";
import {
  COUNTERS,
  createConnection,
  historyRow,
  latestJob,
  numberIn,
  readCounter,
  readCounters,
  signIn,
  statusBadge,
  waitForStatus,
  type Counts,
} from "./ui";
import { JOB } from "@weft/job-model";

type RestJobDetail = RestJob & { entities_kept: number; entities_skipped: number };

const COLLECTION = "E2E acceptance";

function countsOf(job: RestJobDetail): Counts {
  return {
    Inserted: job.entities_inserted,
    Updated: job.entities_updated,
    Kept: job.entities_kept,
    Deleted: job.entities_deleted,
    Skipped: job.entities_skipped,
    Failed: job.entities_failed,
  };
}

describe("acceptance flow", () => {
  const app = testApp();
  let browser: Browser;
  let tab: AppPage;
  let collection = "";
  let stubId = "";
  let filesDir = "";

  beforeAll(async () => {
    browser = await launchBrowser();
    tab = await openPage(browser, app.url);
    collection = await createCollection(app, COLLECTION);
  });
  afterEach(() => tab.assertClean());
  afterAll(async () => {
    await browser?.close();
    if (filesDir) await rm(filesDir, { recursive: true, force: true });
  });

  it("a–b. signs in with the key `pnpm weft keys create --org e2e` printed", async () => {
    expect(app.key).toMatch(/^weft_[A-Za-z0-9_-]{20,}$/);
    await signIn(tab.page, app);
    expect(new URL(tab.page.url()).pathname).toBe("/");
  });

  it("c. runs a slow stub, watches Inserted rise live, cancels it (CANCELLED; the time is printed), and lists it like the API", async () => {
    const { page } = tab;
    await page.goto(app.url);
    stubId = await createConnection(page, {
      source: "Stub",
      name: "Slow stub",
      collection,
      fields: { "Entity count": "20000", "Generation delay ms": "1" },
    });
    expect(await app.json<RestJob[]>(`/v1/source-connections/${stubId}/jobs`)).toEqual([]);

    await page.evaluate(() => Object.assign(window, { __weftNoReload: true }));
    await page.getByRole("button", { name: "Run", exact: true }).click();
    const panel = latestJob(page);
    const seen: number[] = [];
    await waitUntil(
      async () => {
        const value = await readCounter(panel, "Inserted");
        const last = seen.at(-1);
        if (value !== null && (last === undefined || value > last)) seen.push(value);
        return seen.length;
      },
      (distinct) => distinct >= 4,
      "the Inserted counter to rise three times",
      30_000,
      150,
    );
    console.log(`[c] Inserted seen rising live: ${seen.join(" → ")}`);
    expect(await statusBadge(panel, JOB.RUNNING).isVisible()).toBe(true);

    const cancel = page.getByRole("button", { name: "Cancel", exact: true });
    await expect.poll(() => cancel.isEnabled()).toBe(true);
    const clicked = Date.now();
    await cancel.click();
    await waitForStatus(panel, [JOB.CANCELLED], 15_000);
    const cancelMs = Date.now() - clicked;
    // Printed, not asserted (no wall-clock assertions): the job's own record shows it stopped before the end.
    console.log(`[c] Cancel pressed → CANCELLED shown in ${cancelMs} ms`);

    const [job] = await app.json<RestJob[]>(`/v1/source-connections/${stubId}/jobs`);
    expect(job?.status).toBe(JOB.CANCELLED);
    if (!job) return;
    expect(job.entities_inserted).toBeGreaterThan(0);
    expect(job.entities_inserted).toBeLessThan(20_000);
    const detail = await app.json<RestJobDetail>(`/v1/sync/jobs/${job.id}`);
    expect(countsOf(detail)).toMatchObject({
      Inserted: job.entities_inserted,
      Updated: job.entities_updated,
      Deleted: job.entities_deleted,
      Failed: job.entities_failed,
    });
    await expect.poll(() => readCounters(panel), { timeout: 10_000 }).toEqual(countsOf(detail));
    const expected = {
      Status: JOB.CANCELLED,
      Job: job.id.slice(0, 8),
      ...Object.fromEntries(COUNTERS.map((c) => [c, countsOf(detail)[c]])),
    };
    await expect
      .poll(
        async () => {
          const row = await historyRow(page, job.id.slice(0, 8));
          if (!row) return null;
          return {
            Status: row.Status,
            Job: row.Job,
            ...Object.fromEntries(COUNTERS.map((c) => [c, numberIn(row[c] ?? "")])),
          };
        },
        { timeout: 10_000 },
      )
      .toEqual(expected);
    console.log(`[c] history row = REST: ${JSON.stringify(expected)}`);
    expect(await page.evaluate(() => "__weftNoReload" in window)).toBe(true);

    await panel.getByRole("link", { name: `Job ${job.id.slice(0, 8)}` }).click();
    await page.getByRole("heading", { level: 1, name: `Job ${job.id.slice(0, 8)}` }).waitFor();
    const progress = page.getByRole("region", { name: "Progress" });
    expect(await statusBadge(progress, JOB.CANCELLED).isVisible()).toBe(true);
    expect(await readCounters(progress)).toEqual(countsOf(detail));
  });

  it("d. edits the stub to 500 entities and runs a Full sync to COMPLETED", async () => {
    const { page } = tab;
    await page.goto(`${app.url}/connections/${stubId}/edit`);
    await page.getByLabel("Entity count", { exact: true }).fill("500");
    await page.getByLabel("Generation delay ms", { exact: true }).fill("0");
    await page.getByRole("button", { name: /^Save/ }).click();
    await page.waitForURL((url) => url.pathname === `/connections/${stubId}`);

    await page.getByRole("button", { name: "Full sync", exact: true }).click();
    const panel = latestJob(page);
    expect(await waitForStatus(panel, [JOB.COMPLETED, JOB.FAILED], 60_000)).toBe(JOB.COMPLETED);
    const [job] = await app.json<RestJob[]>(`/v1/source-connections/${stubId}/jobs`);
    expect(job?.status).toBe(JOB.COMPLETED);
    const detail = await app.json<RestJobDetail>(`/v1/sync/jobs/${job?.id ?? ""}`);
    expect(detail.entities_inserted + detail.entities_updated + detail.entities_kept).toBe(500);
    await expect.poll(() => readCounters(panel), { timeout: 10_000 }).toEqual(countsOf(detail));
    console.log(`[d] full sync: ${JSON.stringify(countsOf(detail))}`);
  });

  it("e. syncs a filesystem connection on a temporary directory: one inserted entity per file", async () => {
    const { page } = tab;
    filesDir = await mkdtemp(join(tmpdir(), "weft-e2e-files-"));
    const files = ["a.txt", "b.md", "c.json", "notes.txt"];
    for (const name of files) await writeFile(join(filesDir, name), `content of ${name}\n`);
    await page.goto(app.url);
    const id = await createConnection(page, {
      source: "Filesystem",
      name: "Temp files",
      collection,
      fields: { Path: filesDir },
    });
    await page.getByRole("button", { name: "Run", exact: true }).click();
    const panel = latestJob(page);
    expect(await waitForStatus(panel, [JOB.COMPLETED, JOB.FAILED], 60_000)).toBe(JOB.COMPLETED);
    await expect.poll(() => readCounter(panel, "Inserted"), { timeout: 10_000 }).toBe(files.length);
    const [job] = await app.json<RestJob[]>(`/v1/source-connections/${id}/jobs`);
    expect(job).toMatchObject({ status: JOB.COMPLETED, entities_inserted: files.length, entities_failed: 0 });
  });

  it("f. creates a key on the keys page, uses it, revokes it: the API then answers 401 to it", async () => {
    const { page } = tab;
    await page.goto(`${app.url}/keys`);
    const name = `e2e-${Date.now()}`;
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = (await page.getByLabel("New API key").innerText()).trim();
    expect(secret).toMatch(/^weft_[A-Za-z0-9_-]{20,}$/);
    expect(secret).not.toBe(app.key);
    expect((await app.api("/v1/collections", { key: secret })).status).toBe(200);

    const row = page.getByRole("row").filter({ hasText: name });
    await row.getByRole("button", { name: "Revoke" }).click();
    const confirm = page.getByRole("alertdialog");
    await confirm.getByRole("button", { name: "Revoke" }).click();
    await confirm.waitFor({ state: "hidden" });
    await waitUntil(
      () => app.api("/v1/collections", { key: secret }).then((r) => r.status),
      (s) => s === 401,
      "401 for the revoked key",
      10_000,
      200,
    );
    expect((await app.api("/v1/collections")).status).toBe(200);
  });

  it("signs out: the overview then asks to sign in again", async () => {
    const { page } = tab;
    await page.goto(app.url);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await page.goto(app.url);
    await page.waitForURL((url) => url.pathname === "/sign-in");
    await page.getByLabel("API key").waitFor();
  });
});
