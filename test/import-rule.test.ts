// The one-way import rule of DESIGN.md section 1, and the determinism rule of section 2, checked
// on the source text: bin -> scenarios -> engines -> sim, scenarios -> reports -> sim; an engine
// imports only sim/, engines/engine.ts and its own folder; no wall clock, unseeded randomness,
// host timers or async in sim/, engines/ or reports/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(rel));
    else if (entry.name.endsWith('.ts') && !/\.(test|fixture)\.ts$/.test(entry.name)) out.push(rel);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return specs.map((m) => m[1]);
}

/** Where an import lands: a top-level folder (with the rest of the path), or a package name. */
function target(file: string, spec: string): { folder: string; rest: string } | { pkg: string } {
  if (!spec.startsWith('.')) return { pkg: spec };
  const abs = path.normalize(path.join(path.dirname(file), spec));
  const [folder, ...rest] = abs.split(path.sep);
  return { folder, rest: rest.join('/') };
}

const PACKAGES: Record<string, string[]> = {
  sim: ['seedrandom'],
  engines: [],
  reports: ['chalk', 'csv-stringify/sync'],
  scenarios: ['yaml'],
};

function violations(folder: string, allowed: (file: string, to: { folder: string; rest: string }) => boolean): string[] {
  const bad: string[] = [];
  for (const file of sources(folder)) {
    for (const spec of importsOf(file)) {
      const t = target(file, spec);
      if ('pkg' in t) {
        if (!PACKAGES[folder].includes(t.pkg)) bad.push(`${file} imports package ${t.pkg}`);
      } else if (!allowed(file, t)) bad.push(`${file} imports ${spec}`);
    }
  }
  return bad;
}

describe('import rule', () => {
  it('keeps sim/ free of every other folder and of the host', () => {
    expect(violations('sim', (_f, t) => t.folder === 'sim')).toEqual([]);
  });

  it('lets an engine import only sim/, engines/engine.ts and its own folder', () => {
    expect(
      violations('engines', (file, t) => {
        if (t.folder === 'sim') return true;
        if (t.folder !== 'engines') return false;
        if (t.rest === 'engine.ts') return true;
        // The contract's option declarations (and the options and instance sizes RDS and Aurora share) live beside it; engines import them through it.
        if (file === path.join('engines', 'engine.ts') && ['option-declarations.ts', 'client-path-options.ts', 'instance-sizes.ts'].includes(t.rest)) return true;
        if (file === path.join('engines', 'client-path-options.ts') && t.rest === 'option-declarations.ts') return true;
        const own = file.split(path.sep)[1];
        if (file === path.join('engines', 'registry.ts')) return true; // the registry lists every engine
        return t.rest.split('/')[0] === own;
      }),
    ).toEqual([]);
  });

  it('lets reports/ import only reports/ and sim/', () => {
    expect(violations('reports', (_f, t) => t.folder === 'reports' || t.folder === 'sim')).toEqual([]);
  });

  it('lets scenarios/ import everything but bin/', () => {
    expect(violations('scenarios', (_f, t) => t.folder !== 'bin')).toEqual([]);
  });

  it('finds the violations it looks for', () => {
    expect(target('sim/x.ts', '../engines/engine.ts')).toEqual({ folder: 'engines', rest: 'engine.ts' });
    expect(importsOf('scenarios/topology-plan.ts')).toContain('../engines/registry.ts');
  });
});

describe('determinism rule', () => {
  const forbidden = /\bMath\.random\b|\bDate\.now\b|\bnew Date\b|\bperformance\.now\b|\bsetTimeout\b|\bsetInterval\b|\bsetImmediate\b|\basync\b|\bawait\b|(?<![.\w])process\./;
  for (const folder of ['sim', 'engines', 'reports']) {
    it(`uses no wall clock, unseeded randomness, host timers, async or process in ${folder}/`, () => {
      const bad: string[] = [];
      for (const file of sources(folder)) {
        fs.readFileSync(path.join(ROOT, file), 'utf8')
          .split('\n')
          .forEach((line, i) => {
            // Words inside string literals ('async' replication) and comments are not code.
            if (/^\s*(\/\*|\*)/.test(line)) return;
            const code = line.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, "''").replace(/\/\/.*$/, '').replace(/\/\*.*?\*\//g, '');
            if (forbidden.test(code)) bad.push(`${file}:${i + 1}: ${line.trim()}`);
          });
      }
      expect(bad).toEqual([]);
    });
  }
});
