// Screenshots at 1280 and 375 px wide, left in apps/web/test-results/screenshots/: the overview, a connection page
// with a job running, the job page of a FAILED job, and the new-connection form.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshots, type AppPage, type Browser } from "./harness";
import { createCollection, createConnectionViaApi, testApp, waitForJobViaApi } from "./session";
import { latestJob, signIn, statusBadge, waitForStatus } from "./ui";
import { JOB } from "@weft/job-model";

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
    await tab.page.getByRole("button", { name: "Create connection" }).waitFor();
    written.push(...(await screenshots(tab.page, "new-connection")));
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
    await tab.page.waitForTimeout(1_000);
    written.push(...(await screenshots(tab.page, "connection-running")));
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
    written.push(...(await screenshots(tab.page, "job-failed")));
  });

  it("the overview", async () => {
    await tab.page.goto(app.url);
    await tab.page.getByRole("main").waitFor();
    await tab.page.waitForLoadState("networkidle").catch(() => undefined);
    written.push(...(await screenshots(tab.page, "overview")));
  });
});
