#!/usr/bin/env node
// The `weft` bin: loads the TypeScript entry through tsx (resolved from this package, wherever it is run from).
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
