// PostgreSQL text and jsonb cannot hold U+0000, and jsonb refuses UTF-16 surrogates without their pair. Input with
// them is refused up front (a 4xx naming the field) instead of failing in the database (a 500).
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what this pattern looks for.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const UNSTORABLE_MESSAGE = "must not contain NUL (\\u0000) characters or unpaired surrogates";

export type UnstorableIssue = { path: (string | number)[]; message: string };

/** Every string or key of `value` that cannot be stored, with its path. Iterative: deep nesting cannot overflow. */
export function findUnstorableText(value: unknown): UnstorableIssue[] {
  type Node = { value: unknown; key?: string | number; parent?: Node };
  const pathOf = (node: Node) => {
    const keys: (string | number)[] = [];
    for (let at: Node | undefined = node; at?.key !== undefined; at = at.parent) keys.push(at.key);
    return keys.reverse();
  };
  const issues: UnstorableIssue[] = [];
  const stack: Node[] = [{ value }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (typeof node.value === "string" && UNSTORABLE.test(node.value))
      issues.push({ path: pathOf(node), message: UNSTORABLE_MESSAGE });
    if (typeof node.value !== "object" || node.value === null) continue;
    for (const [key, child] of Object.entries(node.value as Record<string, unknown>)) {
      const childNode = { value: child, key: Array.isArray(node.value) ? Number(key) : key, parent: node };
      if (UNSTORABLE.test(key)) issues.push({ path: pathOf(childNode), message: `keys ${UNSTORABLE_MESSAGE}` });
      else stack.push(childNode);
    }
  }
  return issues;
}
