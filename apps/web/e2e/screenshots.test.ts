// Screenshots at 1280 and 375 px wide, left in apps/web/test-results/screenshots/: the overview, a connection page
// with a job running, the job page of a FAILED job, and the new-connection form.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshots, type AppPage, type Browser } from "./harness";
import { createCollection, createConnectionViaApi, testApp, waitForJobViaApi } from "./session";
import { readFile } from "node:fs/promises";
import { latestJob, readCounter, signIn, statusBadge, waitForStatus } from "./ui";
import { JOB } from "@weft/job-model";

/** Each file is a PNG as wide as its viewport (1280, then 375): read from the IHDR chunk. */
async function expectPngWidths(paths: string[], widths = [1280, 375]): Promise<void> {
  const read = await Promise.all(paths.map((path) => readFile(path)));
  expect(read.map((png) => png.subarray(1, 4).toString("latin1"))).toEqual(widths.map(() => "PNG"));
  expect(read.map((png) => png.readUInt32BE(16))).toEqual(widths);
}

describe("screenshots", () => {
  const app = testApp();
  let browser: Browser;
  let tab: AppPage;
  let collection = "";
  const written: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    tab = await openPage(browser, app.url);
    collection = await createCollection(app, "E2E screenshots");
    await signIn(tab.page, app);
  });
  afterEach(() => tab.assertClean());
  afterAll(async () => {
    console.log(`[screenshots]\n  ${written.join("\n  ")}`);
    await browser?.close();
  });

  it("the new-connection form", async () => {
    await tab.page.goto(`${app.url}/connections/new`);
    const create = tab.page.getByRole("button", { name: "Create connection" });
    await create.waitFor();
    expect(await create.isEnabled()).toBe(true);
    const paths = await screenshots(tab.page, "new-connection");
    await expectPngWidths(paths);
    written.push(...paths);
  });

  it("a connection page with a job running", async () => {
    const id = await createConnectionViaApi(app, {
      collection,
      name: "Running stub",
      shortName: "stub",
      config: { entity_count: 20000, generation_delay_ms: 1 },
      syncImmediately: false,
    });
    await tab.page.goto(`${app.url}/connections/${id}`);
    await tab.page.getByRole("button", { name: "Run", exact: true }).click();
    await waitForStatus(latestJob(tab.page), [JOB.RUNNING], 15_000);
    // Shot once the live counter shows progress (an event, not a fixed wait).
    await expect.poll(() => readCounter(latestJob(tab.page), "Inserted"), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await statusBadge(latestJob(tab.page), JOB.RUNNING).isVisible()).toBe(true);
    const paths = await screenshots(tab.page, "connection-running");
    await expectPngWidths(paths);
    written.push(...paths);
    await tab.page.getByRole("button", { name: "Cancel", exact: true }).click();
    await waitForJobViaApi(app, id, [JOB.CANCELLED], 15_000);
  });

  it("the job page of a FAILED job", async () => {
    const id = await createConnectionViaApi(app, {
      collection,
      name: "Failing stub",
      shortName: "stub",
      config: { entity_count: 300, fail_after: 120 },
      syncImmediately: true,
    });
    const job = await waitForJobViaApi(app, id, [JOB.FAILED, JOB.COMPLETED]);
    expect(job.status).toBe(JOB.FAILED);
    await tab.page.goto(`${app.url}/jobs/${job.id}`);
    await tab.page.getByRole("heading", { name: `Job ${job.id.slice(0, 8)}` }).waitFor();
    await statusBadge(tab.page, JOB.FAILED).first().waitFor();
    expect(await tab.page.getByText("failed on purpose").first().isVisible()).toBe(true);
    const paths = await screenshots(tab.page, "job-failed");
    await expectPngWidths(paths);
    written.push(...paths);
  });

  it("the overview", async () => {
    await tab.page.goto(app.url);
    await tab.page.getByRole("main").waitFor();
    await tab.page.waitForLoadState("networkidle").catch(() => undefined);
    for (const name of ["Running stub", "Failing stub"])
      expect(await tab.page.getByText(name).first().isVisible()).toBe(true);
    const paths = await screenshots(tab.page, "overview");
    await expectPngWidths(paths);
    written.push(...paths);
  });
});
