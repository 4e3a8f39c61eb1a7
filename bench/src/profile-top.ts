// `tsx bench/src/profile-top.ts <file.cpuprofile> [--top N] [--filter text] [--last-seconds N]`: the functions a V8
// CPU profile spends its time in, by self time and by total time (each sample counted once per function on its
// stack). `--filter` keeps only samples whose stack has a frame whose function or file contains the text;
// `--last-seconds` only the end of the profile (the measured load, without start-up and warm-up).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

type Frame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: Frame; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: "string", default: "25" },
    filter: { type: "string" },
    "last-seconds": { type: "string" },
  },
});
const file = positionals[0];
if (!file) throw new Error("usage: profile-top.ts <file.cpuprofile> [--top N] [--filter text]");
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

function label(frame: Frame): string {
  const where = frame.url.replace(/^.*\/(node_modules|\.next|packages|apps)\//, "$1/");
  return `${frame.functionName || "(anonymous)"} ${where}:${frame.lineNumber + 1}`;
}

const self = new Map<string, number>();
const total = new Map<string, number>();
let sampled = 0;
const elapsedUs = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0);
const fromUs = values["last-seconds"] ? elapsedUs - Number(values["last-seconds"]) * 1e6 : 0;
let atUs = 0;
profile.samples.forEach((id, i) => {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  atUs += profile.timeDeltas[i] ?? 0;
  if (atUs < fromUs) return;
  const stack: string[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const node = byId.get(at);
    if (node) stack.push(label(node.callFrame));
  }
  if (values.filter && !stack.some((frame) => frame.includes(values.filter ?? ""))) return;
  sampled += ms;
  const leaf = stack[0] ?? "?";
  self.set(leaf, (self.get(leaf) ?? 0) + ms);
  for (const frame of new Set(stack)) total.set(frame, (total.get(frame) ?? 0) + ms);
});

const top = Number(values.top);
const print = (title: string, table: Map<string, number>) => {
  console.log(`${title} (of ${sampled.toFixed(0)} ms sampled${values.filter ? ` under "${values.filter}"` : ""}):`);
  for (const [name, ms] of [...table].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / sampled).toFixed(1).padStart(5)} %  ${name}`);
};
print("self time", self);
print("total time", total);
