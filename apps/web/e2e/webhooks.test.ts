// The Webhooks page in Chromium against the built app: add an endpoint (a real receiver on 127.0.0.2, which the app
// allows through WEFT_OUTBOUND_ALLOW), see the secret once, see a failed delivery arrive, send it again and see it
// succeed, disable and enable; axe-clean throughout.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "@weft/engine/testing";
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

describe("Webhooks page", () => {
  const app = testApp();
  let browser: Browser;
  let tab: AppPage;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await startWebhookReceiver("/weft-hook", "127.0.0.2");
    receiver.respond(() => ({ status: 500, body: "receiver is down" }));
    browser = await launchBrowser();
    tab = await openPage(browser, app.url);
    await signIn(tab.page, app);
  });
  afterEach(() => tab.assertClean());
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
  });

  it("adds an endpoint, shows a failed delivery, sends it again and shows the success", async () => {
    const page = tab.page;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Webhooks" }).click();
    await page.waitForURL((url) => url.pathname === "/webhooks");
    await expectNoSeriousAxeViolations(page, "webhooks (empty)");
    await expectVisibleFocusWhileTabbing(page, "webhooks");

    await page.getByLabel("Endpoint URL").fill(receiver.url);
    await page.getByRole("checkbox", { name: "sync.completed" }).check();
    await page.getByRole("checkbox", { name: "sync.pending" }).check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = await page.getByLabel("Signing secret").innerText();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32}$/);
    await page.getByRole("button", { name: "Copy secret" }).click();
    await expectNoSeriousAxeViolations(page, "webhooks (secret)");
    await page.getByRole("button", { name: "I have copied it" }).click();
    await expect(page.getByLabel("Signing secret").count()).resolves.toBe(0);

    const collection = await createCollection(app, "E2E webhooks");
    const connectionId = await createConnectionViaApi(app, {
      collection,
      name: "Webhook stub",
      shortName: "stub",
      config: { entity_count: 20, generation_delay_ms: 0 },
      syncImmediately: true,
    });
    await waitForJobViaApi(app, connectionId, [JOB.COMPLETED]);
    // 1 attempt + 2 retries (WEFT_WEBHOOK_RETRY_SCHEDULE=1,1) for each of sync.pending and sync.completed, all 500
    await receiver.waitFor((r) => r.length >= 6, 60_000);
    const deliveries = page.getByRole("table", { name: "Recent deliveries" });
    await deliveries
      .getByRole("row")
      .filter({ hasText: "sync.completed" })
      .filter({ hasText: "failed" })
      .first()
      .waitFor({ timeout: 20_000 });
    await page.getByText("Health: failing").waitFor({ timeout: 15_000 });
    await expectNoSeriousAxeViolations(page, "webhooks (failed deliveries)");

    receiver.respond(() => ({ status: 200, body: "thanks" }));
    const before = receiver.received.length;
    await deliveries
      .getByRole("row")
      .filter({ hasText: "sync.completed" })
      .first()
      .getByRole("button", { name: "Send again" })
      .click();
    await receiver.waitFor((r) => r.length > before, 30_000);
    expect(JSON.parse(receiver.received.at(-1)?.body ?? "{}")).toMatchObject({ event_type: "sync.completed" });
    await deliveries
      .getByRole("row")
      .filter({ hasText: "sync.completed" })
      .filter({ hasText: "success" })
      .first()
      .waitFor({ timeout: 20_000 });
    await page.getByText("Health: degraded").waitFor({ timeout: 15_000 });

    await page.getByRole("button", { name: "Disable" }).click();
    await page.getByText("disabled", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Enable" }).click();
    await page.getByRole("button", { name: "Disable" }).waitFor();
    await page.getByLabel("Recover failed messages since").fill("2026-01-01T00:00");
    await page.getByRole("button", { name: "Recover" }).click();
    await page.getByText(/Queued \d+ failed message|at most 14 days/).waitFor();
    await expectNoSeriousAxeViolations(page, "webhooks (after send again)");
  });
});
