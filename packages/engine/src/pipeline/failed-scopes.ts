// The parts of the source a run could not read. A full sync deletes a stored entity only when the source says it is
// gone (not seen, and not inside anything that failed), so a transient read error never becomes data loss.
import type { FailedScope } from "../sources/types";
import { keyOf, type EntityKey } from "./entity-store";

export class FailedScopes {
  private readonly keys = new Set<string>();
  private readonly ids = new Set<string>();
  private readonly types = new Set<string>();
  private readonly prefixes: FailedScope[] = [];
  /** Stored entities a full sync kept because they were inside a failed scope. */
  kept = 0;

  add(item: { type: string; id: string; scope?: FailedScope }): void {
    const scope = item.scope ?? { type: item.type, id: item.id };
    if (scope.idPrefix !== undefined) this.prefixes.push(scope);
    else if (scope.type !== undefined && scope.id !== undefined) this.keys.add(keyOf(scope.type, scope.id));
    else if (scope.id !== undefined) this.ids.add(scope.id);
    else if (scope.type !== undefined) this.types.add(scope.type);
    else this.prefixes.push({ idPrefix: "" }); // a scope of everything
  }

  get size(): number {
    return this.keys.size + this.ids.size + this.types.size + this.prefixes.length;
  }

  covers(key: EntityKey): boolean {
    if (this.keys.has(keyOf(key.type, key.id)) || this.ids.has(key.id) || this.types.has(key.type)) return true;
    return this.prefixes.some(
      (s) =>
        key.id.startsWith(s.idPrefix ?? "") &&
        (s.type === undefined || s.type === key.type) &&
        (s.id === undefined || s.id === key.id),
    );
  }
}
