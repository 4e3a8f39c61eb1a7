// Every source type Weft ships, by short name.
import { exceptionStubSource } from "./exception-stub";
import { filesystemSource } from "./filesystem";
import { incrementalStubSource } from "./incremental-stub";
import { postgresqlSource } from "./postgresql";
import { stubSource } from "./stub";
import type { SourceDefinition } from "./types";

export const sources: SourceDefinition[] = [
  stubSource,
  incrementalStubSource,
  exceptionStubSource,
  filesystemSource,
  postgresqlSource,
];

const byShortName = new Map(sources.map((source) => [source.shortName, source]));

/** The source type with this short name, or undefined when there is none. */
export function getSource(shortName: string): SourceDefinition | undefined {
  return byShortName.get(shortName);
}
