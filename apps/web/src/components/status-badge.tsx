import { Ban, CheckCircle2, CircleDashed, Clock, Loader2, XCircle } from "lucide-react";
import type { ComponentType } from "react";
import { Badge, type BadgeProps } from "@/components/ui/badge";
import type { JobStatus } from "@/trpc/types";

type Look = { tone: NonNullable<BadgeProps["tone"]>; Icon: ComponentType<{ className?: string; "aria-hidden"?: boolean }>; spin?: boolean };

const STATUS_LOOK: Record<JobStatus, Look> = {
  CREATED: { tone: "neutral", Icon: CircleDashed },
  PENDING: { tone: "neutral", Icon: Clock },
  RUNNING: { tone: "info", Icon: Loader2, spin: true },
  COMPLETED: { tone: "success", Icon: CheckCircle2 },
  FAILED: { tone: "danger", Icon: XCircle },
  CANCELLING: { tone: "warning", Icon: Loader2, spin: true },
  CANCELLED: { tone: "warning", Icon: Ban },
};

/** A job status as text AND colour AND icon (never colour alone), using the internal upper-case names. */
export function StatusBadge({ status, className }: { status: JobStatus; className?: string }) {
  const { tone, Icon, spin } = STATUS_LOOK[status];
  return (
    <Badge tone={tone} className={className}>
      <Icon aria-hidden className={spin ? "animate-spin motion-reduce:animate-none" : undefined} />
      {status}
    </Badge>
  );
}
