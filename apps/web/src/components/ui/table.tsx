import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

/**
 * A table. With `stacked`, below 768 px each row becomes a card and each cell shows its `data-label` before its value
 * (one DOM for every width; nothing is rendered twice). Without it, the table scrolls sideways in its box.
 */
export function Table({ className, stacked, ...props }: ComponentProps<"table"> & { stacked?: boolean }) {
  return (
    <div
      className={cn(
        "relative w-full",
        !stacked && "overflow-x-auto",
        stacked && "max-md:overflow-visible md:overflow-x-auto",
      )}
    >
      <table
        data-stacked={stacked ? "" : undefined}
        className={cn("group/table w-full caption-bottom text-sm", stacked && "max-md:block", className)}
        {...props}
      />
    </div>
  );
}

export function TableHeader({ className, ...props }: ComponentProps<"thead">) {
  return <thead className={cn("[&_tr]:border-b group-data-[stacked]/table:max-md:sr-only", className)} {...props} />;
}

export function TableBody({ className, ...props }: ComponentProps<"tbody">) {
  return (
    <tbody
      className={cn(
        "[&_tr:last-child]:border-0 group-data-[stacked]/table:max-md:block group-data-[stacked]/table:max-md:space-y-2",
        className,
      )}
      {...props}
    />
  );
}

export function TableRow({ className, ...props }: ComponentProps<"tr">) {
  return (
    <tr
      className={cn(
        "border-b transition-colors hover:bg-muted/50",
        "group-data-[stacked]/table:max-md:block group-data-[stacked]/table:max-md:rounded-lg group-data-[stacked]/table:max-md:border group-data-[stacked]/table:max-md:bg-card group-data-[stacked]/table:max-md:p-2 group-data-[stacked]/table:max-md:shadow-sm",
        className,
      )}
      {...props}
    />
  );
}

export function TableHead({ className, ...props }: ComponentProps<"th">) {
  return (
    <th
      className={cn(
        "h-9 px-3 text-left align-middle text-xs font-medium whitespace-nowrap text-muted-foreground",
        className,
      )}
      {...props}
    />
  );
}

/** In a stacked table, pass `data-label` (the column name) so it shows before the value on narrow screens. */
export function TableCell({ className, ...props }: ComponentProps<"td"> & { "data-label"?: string }) {
  return (
    <td
      className={cn(
        "px-3 py-2 align-middle whitespace-nowrap",
        "group-data-[stacked]/table:max-md:flex group-data-[stacked]/table:max-md:items-center group-data-[stacked]/table:max-md:justify-between group-data-[stacked]/table:max-md:gap-4 group-data-[stacked]/table:max-md:px-2 group-data-[stacked]/table:max-md:py-1 group-data-[stacked]/table:max-md:text-right",
        "group-data-[stacked]/table:max-md:before:text-xs group-data-[stacked]/table:max-md:before:text-muted-foreground group-data-[stacked]/table:max-md:before:content-[attr(data-label)]",
        className,
      )}
      {...props}
    />
  );
}
