import { describe, expect, it } from "vitest";
import {
  ALLOWED_FROM,
  END_STATUSES,
  JOB_STATUSES,
  isActiveStatus,
  isEndStatus,
  parseStatus,
  toPublicStatus,
} from "./index";

describe("job model", () => {
  it("never lets an end state change", () => {
    for (const target of JOB_STATUSES) {
      for (const end of END_STATUSES) expect(ALLOWED_FROM[target]).not.toContain(end);
    }
  });

  it("splits every status into exactly one of active, end or CREATED", () => {
    for (const status of JOB_STATUSES) {
      const kinds = [isActiveStatus(status), isEndStatus(status), status === "CREATED"].filter(Boolean);
      expect(kinds, status).toHaveLength(1);
    }
  });

  it("round-trips every public spelling, in either case", () => {
    for (const status of JOB_STATUSES) {
      const spelled = toPublicStatus(status);
      expect(parseStatus(spelled)).toBe(status);
      expect(parseStatus(spelled.toUpperCase())).toBe(status);
    }
    expect(toPublicStatus("RUNNING")).toBe("in_progress");
    expect(parseStatus("sideways")).toBeNull();
  });
});
