// Every page through axe-core (no serious or critical violation) and the main pages through the keyboard (each Tab
// stop shows a visible focus indicator). The connection and job they show are made through the REST API first.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  expectNoSeriousAxeViolations,
  expectVisibleFocusWhileTabbing,
  launchBrowser,
  openPage,
  type AppPage,
  type Browser,
} from "./harness";
import { createCollection, createConnectionViaApi, testApp, waitForJobViaApi } from "./session";
import { signIn } from "./ui";
import { JOB } from "@weft/job-model";

describe("accessibility of every page", () => {
  const app = testApp();
  let browser: Browser;
  let tab: AppPage;
  const paths: Record<string, string> = {};

  beforeAll(async () => {
    browser = await launchBrowser();
    tab = await openPage(browser, app.url);
    const collection = await createCollection(app, "E2E accessibility");
    const connectionId = await createConnectionViaApi(app, {
      collection,
      name: "Accessible stub",
      shortName: "stub",
      config: { entity_count: 200, generation_delay_ms: 0 },
      syncImmediately: true,
    });
    const job = await waitForJobViaApi(app, connectionId, [JOB.COMPLETED]);
    Object.assign(paths, {
      overview: "/",
      "new connection": "/connections/new",
      connection: `/connections/${connectionId}`,
      "edit connection": `/connections/${connectionId}/edit`,
      job: `/jobs/${job.id}`,
      keys: "/keys",
      docs: "/docs",
    });
  });
  afterEach(() => tab.assertClean());
  afterAll(async () => {
    await browser?.close();
  });

  /** Loads the page and lets client rendering settle (hydration, first live data). */
  async function visit(path: string) {
    const res = await tab.page.goto(`${app.url}${path}`);
    expect(res?.status(), `GET ${path}`).toBe(200);
    await tab.page.waitForLoadState("networkidle").catch(() => undefined);
    await tab.page.getByRole("main").first().waitFor();
  }

  it("sign-in page: axe", async () => {
    await visit("/sign-in");
    await expectNoSeriousAxeViolations(tab.page, "sign-in");
  });

  it("sign-in page: keyboard", async () => {
    await visit("/sign-in");
    await expectVisibleFocusWhileTabbing(tab.page, "sign-in");
    await signIn(tab.page, app);
  });

  const pages = ["overview", "new connection", "connection", "edit connection", "job", "keys", "docs"];
  const mainPages = ["overview", "new connection", "connection", "job", "keys"];

  it.each(pages)("%s page: axe", async (name) => {
    await visit(pathOf(name));
    await expectNoSeriousAxeViolations(tab.page, name);
  });

  it.each(mainPages)("%s page: keyboard", async (name) => {
    await visit(pathOf(name));
    await expectVisibleFocusWhileTabbing(tab.page, name);
  });

  function pathOf(name: string): string {
    const path = paths[name];
    if (!path) throw new Error(`no path for ${name}`);
    return path;
  }
});
