import { Ban, CheckCircle2, CircleDashed, Clock, Loader2, XCircle } from "lucide-react";
import type { ComponentType } from "react";
import { Badge, type BadgeProps } from "@/components/ui/badge";
import { JOB, type JobStatus } from "@weft/job-model";

type Look = {
  tone: NonNullable<BadgeProps["tone"]>;
  Icon: ComponentType<{ className?: string; "aria-hidden"?: boolean }>;
  spin?: boolean;
};

function lookOf(status: JobStatus): Look {
  switch (status) {
    case JOB.CREATED:
      return { tone: "neutral", Icon: CircleDashed };
    case JOB.PENDING:
      return { tone: "neutral", Icon: Clock };
    case JOB.RUNNING:
      return { tone: "info", Icon: Loader2, spin: true };
    case JOB.COMPLETED:
      return { tone: "success", Icon: CheckCircle2 };
    case JOB.FAILED:
      return { tone: "danger", Icon: XCircle };
    case JOB.CANCELLING:
      return { tone: "warning", Icon: Loader2, spin: true };
    case JOB.CANCELLED:
      return { tone: "warning", Icon: Ban };
  }
}

/** A job status as text AND colour AND icon (never colour alone), using the internal upper-case names. */
export function StatusBadge({ status, className }: { status: JobStatus; className?: string }) {
  const { tone, Icon, spin } = lookOf(status);
  return (
    <Badge tone={tone} className={className}>
      <Icon aria-hidden className={spin ? "animate-spin motion-reduce:animate-none" : undefined} />
      {status}
    </Badge>
  );
}
