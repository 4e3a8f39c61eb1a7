// The background loops (scheduler, reaper) survive failures: they log, back off and go on.
import { describe, expect, it } from "vitest";
import { every } from "./worker";

describe("every", () => {
  it("keeps running after errors and recovers", async () => {
    let calls = 0;
    let succeededAfterFailures = false;
    await new Promise<void>((resolve) => {
      const stop = every(
        10,
        "test loop",
        async () => {
          calls++;
          if (calls <= 3) throw new Error(`failure ${calls}`);
          succeededAfterFailures = true;
          stop();
          resolve();
        },
        40,
      );
    });
    expect(calls).toBe(4);
    expect(succeededAfterFailures).toBe(true);
  });
});
