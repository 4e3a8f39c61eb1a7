"use client";
import { RadioGroup as Primitive } from "radix-ui";
import { Check } from "lucide-react";
import type { ComponentProps, ReactNode } from "react";
import { cn } from "@/lib/utils";

/** Radio choices drawn as cards (shadcn/ui's "radio cards"): role="radio" buttons, arrow keys move between them. */
export function RadioCards({ className, ...props }: ComponentProps<typeof Primitive.Root>) {
  return <Primitive.Root className={cn("grid gap-2", className)} {...props} />;
}

type RadioCardProps = { value: string; title: string; description?: ReactNode; group: string; className?: string };

/** The card's accessible name is its title alone; the description is its accessible description. */
export function RadioCard({ value, title, description, group, className }: RadioCardProps) {
  const descriptionId = `${group}-${value}-description`;
  return (
    <Primitive.Item
      value={value}
      aria-label={title}
      aria-describedby={description ? descriptionId : undefined}
      className={cn(
        "group relative flex w-full flex-col items-start gap-1 rounded-lg border bg-card p-3 text-left text-sm shadow-xs transition-colors hover:bg-muted/60",
        "data-[state=checked]:border-primary data-[state=checked]:ring-1 data-[state=checked]:ring-primary",
        className,
      )}
    >
      <span className="flex w-full items-center justify-between gap-2 font-medium">
        {title}
        <Primitive.Indicator>
          <Check aria-hidden className="size-4 text-primary" />
        </Primitive.Indicator>
      </span>
      {description ? (
        <span id={descriptionId} className="text-xs text-muted-foreground">
          {description}
        </span>
      ) : null}
    </Primitive.Item>
  );
}
