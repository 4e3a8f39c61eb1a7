import { Progress as ProgressPrimitive } from "radix-ui";
import { cn } from "@/lib/utils";

type ProgressProps = { value: number | null; max?: number; label: string; valueText?: string; className?: string };

/** A determinate bar when `value` is a number, otherwise an indeterminate sliding one (still a labelled progressbar). */
export function Progress({ value, max = 100, label, valueText, className }: ProgressProps) {
  const percent = value === null ? null : Math.max(0, Math.min(100, (value / (max || 1)) * 100));
  return (
    <ProgressPrimitive.Root
      value={value === null ? null : Math.min(value, max)}
      max={max}
      aria-label={label}
      getValueLabel={valueText ? () => valueText : undefined}
      className={cn("relative h-2.5 w-full overflow-hidden rounded-full bg-muted", className)}
    >
      <ProgressPrimitive.Indicator
        className={cn(
          "h-full rounded-full bg-primary transition-[width] duration-300",
          percent === null && "w-2/5 animate-[indeterminate_1.4s_ease-in-out_infinite]",
        )}
        style={percent === null ? undefined : { width: `${percent}%` }}
      />
    </ProgressPrimitive.Root>
  );
}
