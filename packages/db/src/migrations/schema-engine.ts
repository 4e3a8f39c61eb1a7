// Loads Prisma's official wasm schema engine in Node 20. A plain import of the package fails on the .wasm extension,
// so the JS glue is imported and the wasm instantiated by hand (see shared/notes/prisma-offline.md).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

type Glue = {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: typeof SchemaEngine;
};

let gluePromise: Promise<Glue> | undefined;

async function loadGlue(): Promise<Glue> {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve(/* turbopackIgnore: true */ "@prisma/schema-engine-wasm"));
  const glue = (await import(/* webpackIgnore: true */ join(pkgDir, "schema_engine_bg.js"))) as Glue;
  const bytes = await readFile(join(pkgDir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue;
}

export type Engine = SchemaEngine;

/** A schema engine bound to a migration-aware adapter factory; free it with `engine.free()`. */
export async function openSchemaEngine(
  factory: SqlMigrationAwareDriverAdapterFactory,
  schema?: { path: string; content: string },
): Promise<Engine> {
  gluePromise ??= loadGlue();
  const glue = await gluePromise;
  const datamodels: [string, string][] | undefined = schema ? [[schema.path, schema.content]] : undefined;
  return glue.SchemaEngine.new({ datamodels }, () => {}, bindMigrationAwareSqlAdapterFactory(factory));
}

export const noFilters = { externalTables: [], externalEnums: [] };
