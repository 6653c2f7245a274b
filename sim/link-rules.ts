// Network faults as rules on directed endpoint pairs: partitions (blocked links), packet loss and
// added latency. A symmetric rule is two directed ones. Sides are sets of endpoint ids resolved
// when the fault starts (roles are read then, so "writer" means the writer at that moment).
// Leaves out: bandwidth limits and reordering beyond what independent delays give.

export type LinkRuleKind = 'block' | 'loss' | 'latency';

export interface LinkRule {
  readonly id: number;
  readonly kind: LinkRuleKind;
  /** Membership of the sending side, by endpoint id. */
  readonly from: Uint8Array;
  /** Membership of the receiving side, by endpoint id. */
  readonly to: Uint8Array;
  readonly probability: number;
  readonly addUs: number;
}

export class LinkRules {
  private rules: LinkRule[] = [];
  private nextId = 1;

  get active(): number {
    return this.rules.length;
  }

  /** The active rules, in the order they were added (read-only: change them with add/remove). */
  get list(): readonly LinkRule[] {
    return this.rules;
  }

  /** Adds a directed rule from every endpoint in `from` to every endpoint in `to`. */
  add(kind: LinkRuleKind, from: Uint8Array, to: Uint8Array, probability = 1, addUs = 0): number {
    const id = this.nextId++;
    this.rules.push({ id, kind, from, to, probability, addUs });
    return id;
  }

  remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  /** True when a partition blocks messages from `a` to `b`. */
  blocked(a: number, b: number): boolean {
    const rules = this.rules;
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i];
      if (r.kind === 'block' && r.from[a] === 1 && r.to[b] === 1) return true;
    }
    return false;
  }

  /** Rules that apply to the link a -> b, for loss and latency. */
  matching(a: number, b: number): LinkRule[] {
    const out: LinkRule[] = [];
    for (const r of this.rules) if (r.from[a] === 1 && r.to[b] === 1) out.push(r);
    return out;
  }
}

/** Builds a membership array of `size` from endpoint ids. */
export function membership(size: number, ids: Iterable<number>): Uint8Array {
  const m = new Uint8Array(size);
  for (const id of ids) m[id] = 1;
  return m;
}
