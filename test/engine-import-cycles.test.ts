// Inside an engine folder, no import circle, type-only imports included: a circle says that every
// file in it may reach every other, so nothing says who owns what. Files are handed their peers
// explicitly (constructor parameters typed by small interfaces) and the cluster file wires them.
// An engine still being untangled is listed in PENDING: its test is skipped, not passed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ENGINES = fileURLToPath(new URL('../engines/', import.meta.url));
const PENDING = new Set(['dynamodb', 'redis']);

/** Each source file of the folder and the files of the same folder it imports (types included). */
function importGraph(folder: string): Map<string, string[]> {
  const dir = path.join(ENGINES, folder);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !/\.(test|fixture)\.ts$/.test(f));
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"](\.\/[^'"/]+)['"]/g)].map((m) => m[1].slice(2));
    graph.set(f, specs.filter((s) => files.includes(s)));
  }
  return graph;
}

/** The strongly connected components with more than one file, or a file importing itself (Tarjan). */
export function importCircles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      onStack.delete(w);
      scc.push(w);
      if (w === v) break;
    }
    if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) circles.push(scc.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return circles;
}

describe('architecture > engine folders', () => {
  it('finds a circle when there is one, and none in a chain', () => {
    const circle = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    expect(importCircles(circle)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(importCircles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });

  for (const engine of fs.readdirSync(ENGINES).filter((f) => fs.statSync(path.join(ENGINES, f)).isDirectory()).sort()) {
    it.skipIf(PENDING.has(engine))(`${engine} has no import circle, type-only imports included`, () => {
      expect(importCircles(importGraph(engine))).toEqual([]);
    });
  }
});
