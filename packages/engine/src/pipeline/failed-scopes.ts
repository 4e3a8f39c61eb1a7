// The parts of the source a run could not read. A full sync deletes a stored entity only when the source says it is
// gone (not seen, and not inside anything that failed), so a transient read error never becomes data loss.
import type { FailedScope } from "../sources/types";

export class FailedScopes {
  private readonly byKey = new Map<string, FailedScope>();

  add(item: { type: string; id: string; scope?: FailedScope }): void {
    // Without a scope, the failed item's own key; a scope without any field covers everything.
    const scope = item.scope ?? { type: item.type, id: item.id };
    this.byKey.set(JSON.stringify([scope.type ?? null, scope.id ?? null, scope.idPrefix ?? null]), scope);
  }

  /** Each scope once; the sweep keeps every unseen entity one of them covers. */
  get scopes(): FailedScope[] {
    return [...this.byKey.values()];
  }
}
