// The webhooks router through createCaller: named views (the secret only where promised), organization scoping,
// and the input rules WEBHOOKS.md sets, with the engine's access policy allowing nothing local.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testBackend } from "@weft/db/testing";
import { callerFor, openTestEngine, type TestEngine } from "../testing";

let engine: TestEngine;
let acme: Awaited<ReturnType<typeof callerFor>>;
let other: Awaited<ReturnType<typeof callerFor>>;
beforeAll(async () => {
  engine = await openTestEngine("webhooks-router", { worker: false });
  acme = await callerFor(engine, "hooks-acme");
  other = await callerFor(engine, "hooks-other");
});
afterAll(() => engine.close());

const code = (promise: Promise<unknown>) =>
  promise.then(
    () => "OK",
    (e: unknown) => (e instanceof TRPCError ? e.code : `not a TRPCError: ${String(e)}`),
  );

describe(`webhooks router (${testBackend})`, () => {
  it("returns the secret on create and on get with includeSecret only; other organizations see nothing", async () => {
    const created = await acme.caller.webhooks.create({
      url: "https://example.com/hook",
      eventTypes: ["sync.completed", "sync.completed"],
    });
    expect(created).toMatchObject({
      eventTypes: ["sync.completed"],
      disabled: false,
      healthStatus: "unknown",
      secret: expect.stringMatching(/^whsec_/),
    });
    const [listed] = await acme.caller.webhooks.list();
    expect(listed).not.toHaveProperty("secret");
    expect(listed).not.toHaveProperty("organizationId");
    expect((await acme.caller.webhooks.get({ id: created.id })).secret).toBeNull();
    expect((await acme.caller.webhooks.get({ id: created.id, includeSecret: true })).secret).toBe(created.secret);
    const updated = await acme.caller.webhooks.update({ id: created.id, disabled: true });
    expect(updated).not.toHaveProperty("secret");
    expect(updated.disabled).toBe(true);
    expect(await other.caller.webhooks.list()).toEqual([]);
    expect(await code(other.caller.webhooks.get({ id: created.id }))).toBe("NOT_FOUND");
    expect(await code(other.caller.webhooks.update({ id: created.id, disabled: false }))).toBe("NOT_FOUND");
    expect(await code(other.caller.webhooks.recover({ id: created.id, since: new Date(Date.now() - 1000) }))).toBe(
      "NOT_FOUND",
    );
    expect(await code(other.caller.webhooks.delete({ id: created.id }))).toBe("NOT_FOUND");
    expect(await code(acme.caller.webhooks.resend({ messageId: "msg_none", subscriptionId: created.id }))).toBe(
      "NOT_FOUND",
    );
    expect(await acme.caller.webhooks.recover({ id: created.id, since: new Date(Date.now() - 60_000) })).toMatchObject({
      status: "running",
      count: 0,
    });
  });

  it("refuses local addresses, unknown event types, bad secrets and recover windows over 14 days", async () => {
    expect(await code(acme.caller.webhooks.create({ url: "http://127.0.0.1:9/x", eventTypes: ["sync.failed"] }))).toBe(
      "BAD_REQUEST",
    );
    expect(await code(acme.caller.webhooks.create({ url: "http://localhost/x", eventTypes: ["sync.failed"] }))).toBe(
      "BAD_REQUEST",
    );
    expect(
      await code(
        acme.caller.webhooks.create({ url: "https://example.com/x", eventTypes: ["sync.nope" as "sync.failed"] }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await code(
        acme.caller.webhooks.create({
          url: "https://example.com/x",
          eventTypes: ["sync.failed"],
          secret: "whsec_AAAA",
        }),
      ),
    ).toBe("BAD_REQUEST");
    const { id } = await acme.caller.webhooks.create({ url: "https://example.com/y", eventTypes: ["sync.failed"] });
    expect(await code(acme.caller.webhooks.update({ id, url: "http://[::1]/x" }))).toBe("BAD_REQUEST");
    expect(await code(acme.caller.webhooks.recover({ id, since: new Date(Date.now() - 15 * 86_400_000) }))).toBe(
      "BAD_REQUEST",
    );
    expect(
      await code(acme.caller.webhooks.recover({ id, since: new Date(), until: new Date(Date.now() - 1000) })),
    ).toBe("BAD_REQUEST");
  });
});
