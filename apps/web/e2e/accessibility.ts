// Accessibility checks on a live page: axe-core (no serious or critical violation) and the keyboard (every Tab stop
// shows a visible focus indicator: some style of the element, or of a close ancestor or its label, differs from the
// same element unfocused).
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";

type AxeResults = Awaited<ReturnType<AxeBuilder["analyze"]>>;
type Violation = AxeResults["violations"][number];

const BLOCKING = new Set(["serious", "critical"]);

function describeViolation(v: Violation): string {
  const nodes = v.nodes.slice(0, 8).map((node) => {
    const summary = (node.failureSummary ?? "").replace(/\n/g, "\n      ");
    return `    at ${node.target.join(" ")}\n      ${node.html.slice(0, 200)}\n      ${summary}`;
  });
  const more = v.nodes.length > 8 ? [`    … and ${v.nodes.length - 8} more`] : [];
  return [`  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`, ...nodes, ...more].join("\n");
}

/** Runs axe on the page as it is; prints a one-line summary; throws on any serious or critical violation. */
export async function expectNoSeriousAxeViolations(
  page: Page,
  label: string,
): Promise<{ label: string; violations: string[] }> {
  const results = await new AxeBuilder({ page }).analyze();
  const all = results.violations.map((v) => `${v.id} (${v.impact ?? "?"}, ${v.nodes.length})`);
  console.log(
    `[axe] ${label}: ${results.passes.length} rules passed; violations: ${all.length ? all.join(", ") : "none"}`,
  );
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ""));
  if (blocking.length > 0) {
    throw new Error(
      `axe found ${blocking.length} serious or critical violation(s) on ${label} (${page.url()}):\n${blocking.map(describeViolation).join("\n")}`,
    );
  }
  return { label, violations: all };
}

type Stop = { description: string; visible: boolean; focused: string[] };
type Handle = { __weftFocusStops?: Element[] };

/** The focused element (or, with `index`, an earlier stop): its description and the styles that can show focus. */
function snapshotInPage(index: number | null): Stop | null {
  const w = window as unknown as Handle;
  const stops = (w.__weftFocusStops ??= []);
  let el: Element | null | undefined;
  if (index === null) {
    el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement || stops.includes(el)) return null;
    stops.push(el);
  } else {
    el = stops[index];
    if (!el) return null;
  }
  const chain: Element[] = [el];
  if (el.parentElement) chain.push(el.parentElement);
  if (el.parentElement?.parentElement) chain.push(el.parentElement.parentElement);
  if (
    el instanceof HTMLInputElement ||
    el instanceof HTMLSelectElement ||
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLButtonElement
  ) {
    for (const label of Array.from(el.labels ?? [])) chain.push(label);
  }
  const styles = chain.map((node) => {
    const s = getComputedStyle(node);
    const r = node.getBoundingClientRect();
    const outline =
      s.outlineStyle === "none" || s.outlineWidth === "0px"
        ? "none"
        : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`;
    return [
      `outline: ${outline}`,
      `box-shadow: ${s.boxShadow}`,
      `border: ${s.borderTopColor} ${s.borderRightColor} ${s.borderBottomColor} ${s.borderLeftColor} ${s.borderTopWidth}`,
      `background: ${s.backgroundColor}`,
      `text-decoration: ${s.textDecorationLine}`,
      `size: ${Math.round(r.width)}x${Math.round(r.height)}`,
    ].join("; ");
  });
  const rect = el.getBoundingClientRect();
  const name = el.getAttribute("aria-label") ?? (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
  const role = el.getAttribute("role") ?? el.tagName.toLowerCase();
  const type = el instanceof HTMLInputElement ? `[type=${el.type}]` : "";
  return { description: `${role}${type} "${name}"`, visible: rect.width > 0 && rect.height > 0, focused: styles };
}

/**
 * Tabs from the top of the page through at most `maxStops` elements (or until focus wraps round) and fails if a stop
 * is invisible or looks the same focused as unfocused. Returns how many stops it checked.
 */
export async function expectVisibleFocusWhileTabbing(page: Page, label: string, maxStops = 60): Promise<number> {
  await page.evaluate(() => {
    (window as unknown as Handle).__weftFocusStops = [];
    // Move the sequential-focus starting point to the top of the page (after an autofocus, blur alone leaves it on
    // the blurred element, and Tab would skip what comes before it).
    const body = document.body;
    const tabindex = body.getAttribute("tabindex");
    body.setAttribute("tabindex", "-1");
    body.focus();
    body.blur();
    if (tabindex === null) body.removeAttribute("tabindex");
    else body.setAttribute("tabindex", tabindex);
    window.scrollTo(0, 0);
  });
  await page.mouse.move(0, 0);
  const stops: Stop[] = [];
  for (let i = 0; i < maxStops; i++) {
    await page.keyboard.press("Tab");
    const stop = await page.evaluate(snapshotInPage, null);
    if (!stop) break;
    stops.push(stop);
  }
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  });
  await page.mouse.move(0, 0);
  const failures: string[] = [];
  for (const [index, stop] of stops.entries()) {
    const unfocused = await page.evaluate(snapshotInPage, index);
    if (!stop.visible) failures.push(`stop ${index + 1} ${stop.description}: focused but not visible (zero size)`);
    else if (unfocused && unfocused.focused.every((style, i) => style === stop.focused[i])) {
      failures.push(`stop ${index + 1} ${stop.description}: no visible focus indicator (${stop.focused[0]})`);
    }
  }
  console.log(
    `[keyboard] ${label}: ${stops.length} tab stops${failures.length ? `, ${failures.length} without a visible focus indicator` : ", each with a visible focus indicator"}`,
  );
  if (stops.length === 0) throw new Error(`${label}: Tab reached no element`);
  if (failures.length > 0) throw new Error(`${label} (${page.url()}):\n- ${failures.join("\n- ")}`);
  return stops.length;
}
