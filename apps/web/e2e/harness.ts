// The browser side of the e2e tests: Debian's Chromium driven by playwright-core (`npx playwright install` cannot
// download browsers here), pages that record every console error, uncaught exception and request to another origin
// (a test ends with `assertClean()`), screenshots, and the accessibility checks re-exported from ./accessibility.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export { expectNoSeriousAxeViolations, expectVisibleFocusWhileTabbing } from "./accessibility";

export const CHROMIUM = "/usr/bin/chromium";
export const SCREENSHOT_DIR = fileURLToPath(new URL("../test-results/screenshots/", import.meta.url));
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export type Browser = { context: BrowserContext; close(): Promise<void> };

/** Chromium with a fresh profile (its own --user-data-dir, removed on close). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run apt-get install -y chromium (the e2e tests use Debian's Chromium)`);
  }
  const userDataDir = await mkdtemp(join(tmpdir(), "weft-e2e-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    timeout: 60_000,
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export type AppPage = {
  page: Page;
  /** What went wrong in the browser so far: console errors, uncaught exceptions, requests to other origins. */
  problems: string[];
  /** Throws with every recorded problem, if any, and forgets them (so the next test starts clean). */
  assertClean: () => void;
};

/** A new page that records problems; only `appUrl`'s origin, data: and blob: may be requested. */
export async function openPage(browser: Browser, appUrl: string): Promise<AppPage> {
  const origin = new URL(appUrl).origin;
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const where = message.location().url ? ` (${message.location().url}:${message.location().lineNumber})` : "";
    problems.push(`console error on ${page.url()}: ${message.text()}${where}`);
  });
  page.on("pageerror", (error) =>
    problems.push(`uncaught exception on ${page.url()}: ${error.stack ?? error.message}`),
  );
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.protocol === "data:" || url.protocol === "blob:" || url.origin === origin) return;
    problems.push(`request to another origin from ${page.url()}: ${request.method()} ${request.url()}`);
  });
  return {
    page,
    problems,
    assertClean: () => {
      const found = problems.splice(0);
      if (found.length > 0)
        throw new Error(`the browser reported ${found.length} problem(s):\n- ${found.join("\n- ")}`);
    },
  };
}

/** Full-page screenshots at each width, to test-results/screenshots/<name>-<width>.png; the paths written. */
export async function screenshots(page: Page, name: string, widths: number[] = [1280, 375]): Promise<string[]> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const before = page.viewportSize() ?? { width: 1280, height: 900 };
  const paths: string[] = [];
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(r))));
    const path = join(SCREENSHOT_DIR, `${name}-${width}.png`);
    await page.screenshot({ path, fullPage: true, animations: "disabled" });
    paths.push(path);
  }
  await page.setViewportSize(before);
  return paths;
}

/** Polls `read` until `done` holds of its value; the last value otherwise, in the error. */
export async function waitUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}
