import type { ReactNode } from "react";
import { Label } from "@/components/ui/label";

type FormFieldProps = {
  id: string;
  label: string;
  required?: boolean;
  help?: ReactNode;
  error?: string;
  children: ReactNode;
  inline?: boolean;
};

/** Label, input, help text and error; the input gets `aria-describedby={id}-help / -error` from the caller via ids. */
export function FormField({ id, label, required, help, error, children, inline }: FormFieldProps) {
  return (
    <div className="space-y-1.5">
      <div className={inline ? "flex items-center gap-2" : "flex items-baseline gap-1"}>
        {inline ? children : null}
        <Label htmlFor={id}>{label}</Label>
        {required ? (
          <span aria-hidden className="text-sm leading-none text-destructive" title="Required">
            *
          </span>
        ) : null}
      </div>
      {inline ? null : children}
      {help ? (
        <p id={`${id}-help`} className="text-xs text-muted-foreground">
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The aria props an input inside FormField needs. */
export function describedBy(id: string, help: unknown, error: string | undefined) {
  const ids = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  return { "aria-describedby": ids || undefined, "aria-invalid": error ? true : undefined } as const;
}
