"use client";
import { RadioCard, RadioCards } from "@/components/ui/radio-cards";
import type { Source } from "@/trpc/types";

/** The source types as radio cards, each named by its display name ("Stub", "Filesystem", …). */
export function SourcePicker({
  sources,
  value,
  onChange,
  error,
}: {
  sources: Source[];
  value: string;
  onChange: (shortName: string) => void;
  error?: string;
}) {
  return (
    <fieldset className="space-y-2">
      <legend id="source-type-legend" className="mb-2 text-sm font-medium">
        Source type
      </legend>
      <RadioCards
        aria-labelledby="source-type-legend"
        value={value}
        onValueChange={onChange}
        className="sm:grid-cols-2 lg:grid-cols-3"
      >
        {sources.map((source) => (
          <RadioCard
            key={source.shortName}
            group="source"
            value={source.shortName}
            title={source.name}
            description={source.description}
          />
        ))}
      </RadioCards>
      {error ? (
        <p role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
