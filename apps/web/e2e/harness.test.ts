// The harness itself: the CLI key works against the app it started; a page records console errors, uncaught
// exceptions and requests to other origins (so the other tests can rely on `assertClean()`); the axe and keyboard
// checks fail on a page that deserves it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectNoSeriousAxeViolations,
  expectVisibleFocusWhileTabbing,
  launchBrowser,
  openPage,
  type Browser,
} from "./harness";
import { testApp } from "./session";

describe("e2e harness", () => {
  const app = testApp();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("the key made by `pnpm weft keys create --org e2e` before the start is accepted by the started app", async () => {
    expect(app.key).toMatch(/^weft_/);
    expect((await app.api("/v1/collections")).status).toBe(200);
    expect((await app.api("/v1/collections", { key: "weft_not_a_key_at_all_0000000000" })).status).toBe(401);
  });

  it("a page records console errors, uncaught exceptions and requests to other origins", async () => {
    const { page, problems, assertClean } = await openPage(browser, app.url);
    await page.goto(`${app.url}/api/health`);
    expect(() => assertClean()).not.toThrow();
    await page.evaluate(() => {
      console.error("boom from the test");
      setTimeout(() => {
        throw new Error("thrown from the test");
      });
      void fetch("http://weft-e2e.invalid/x").catch(() => undefined);
      void fetch("data:text/plain,ok");
    });
    const recorded = () => problems.join("\n");
    await expect.poll(recorded).toMatch(/console error .*boom from the test/);
    await expect.poll(recorded).toMatch(/uncaught exception .*thrown from the test/);
    await expect.poll(recorded).toMatch(/another origin .*GET http:\/\/weft-e2e\.invalid\/x/);
    expect(recorded()).not.toMatch(/data:/);
    expect(() => assertClean()).toThrow(/the browser reported \d+ problem/);
    await page.close();
  });

  it("the axe check fails on a critical violation and the keyboard check on a focus without indicator", async () => {
    const { page, assertClean } = await openPage(browser, app.url);
    await page.goto(`${app.url}/api/health`);
    await page.setContent(`<!doctype html><html lang="en"><head><title>t</title></head><body><main>
      <h1>Harness check</h1>
      <button id="good">Shows focus</button>
      <button id="bad" style="outline: none">Hides focus</button>
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
    </main></body></html>`);
    await expect(expectNoSeriousAxeViolations(page, "harness page")).rejects.toThrow(/\[critical\] image-alt/);
    await expect(expectVisibleFocusWhileTabbing(page, "harness page")).rejects.toThrow(
      /button "Hides focus": no visible focus indicator/,
    );
    await page.evaluate(() => document.getElementById("bad")?.remove());
    await page.evaluate(() => document.querySelector("img")?.setAttribute("alt", "pixel"));
    await expectNoSeriousAxeViolations(page, "harness page, fixed");
    expect(await expectVisibleFocusWhileTabbing(page, "harness page, fixed")).toBe(1);
    assertClean();
    await page.close();
  });
});
