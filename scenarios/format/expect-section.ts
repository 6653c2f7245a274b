// The `expect:` section: bounds on summary.csv figures that decide the run's exit code. Each key
// is a summary column; each value a quoted comparison like ">= 0.99" (one of <, <=, ==, >=, >
// and a number), or for `linearizable` a boolean (`true` means "== true"; "== true" also reads),
// or for `cap_during_partition` a verdict (`CP`, `AP` or `neither`; "== CP" also reads), which
// needs a partition fault to judge. `faults:` inside it bounds one fault's faults.csv figures:
// `faults: [ { index: 0, write_outage_s: "<= 35" } ]` (index = the fault's place in `faults:`), and
// `workloads:` one named workload's own summary row: `workloads: [ { name: web, write_outage_s: "<= 35" } ]`,
// and `regions:` one region's own row: `regions: [ { name: us-west-2, availability_write: ">= 0.9" } ]`.
// Leaves out: two bounds on one figure, bounds on time-series figures, and evaluating the
// bounds (reports/ compares them with the measured figures).

import type { Comparator, Expectation } from './scenario.ts';
import { suggestion } from './did-you-mean.ts';
import { describe, type Reader } from './field-reader.ts';
import { DESCRIPTIVE_COLUMNS, EXPECTABLE_COLUMNS, type SummaryColumn } from './summary-columns.ts';
import type { SourceNode } from './yaml-source.ts';
import { FAULT_FIGURES } from '../../reports/fault-table.ts';
import { WORKLOAD_FIGURES } from '../../reports/measure/workload-figures.ts';
import { REGION_FIGURES } from '../../reports/measure/region-figures.ts';

export const COMPARATORS: readonly Comparator[] = ['<', '<=', '==', '>=', '>'];

const COMPARISON = /^\s*(<=|>=|==|<|>)\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*$/;
const MISSPELT: Readonly<Record<string, string>> = { '=>': '>=', '=<': '<=', '=': '==', '===': '==' };
const LIKE = 'expected a comparison in quotes like ">= 0.99", "<= 35" or "== 0" (one of <, <=, ==, >=, >)';

/** Parses `">= 0.99"`; throws a one-line message (without location) when it does not read. */
export function parseComparison(text: string): { comparator: Comparator; bound: number } {
  const m = COMPARISON.exec(text);
  if (m !== null) return { comparator: m[1] as Comparator, bound: Number(m[2]) };
  const op = /^\s*([<>=!]+)/.exec(text)?.[1];
  if (op !== undefined && !COMPARATORS.includes(op as Comparator)) {
    const fix = MISSPELT[op];
    if (fix !== undefined) throw new Error(`\`${op}\` is not a comparator; did you mean \`${fix}\`? (one of <, <=, ==, >=, >)`);
    throw new Error(`\`${op}\` is not a comparator (one of <, <=, ==, >=, >)`);
  }
  throw new Error(`${LIKE}, got ${JSON.stringify(text)}`);
}

export function readExpect(r: Reader, node: SourceNode | undefined, ctx: { hasCache: boolean; hasPartition: boolean; faultCount?: number; workloadNames?: readonly string[]; regionNames?: readonly string[] }): Expectation[] {
  if (node === undefined) return [];
  const f = r.map(node, undefined, 'a mapping of figures to bounds like { availability_write: ">= 0.99" }');
  const out: Expectation[] = [];
  for (const { key, node: value } of f.node.entries) {
    if (key === 'faults') {
      out.push(...readFaultExpectations(r, value, ctx.faultCount ?? 0));
      continue;
    }
    if (key === 'workloads') {
      out.push(...readGroupExpectations(r, value, ctx.workloadNames ?? [], WORKLOADS));
      continue;
    }
    if (key === 'regions') {
      out.push(...readGroupExpectations(r, value, ctx.regionNames ?? [], REGIONS));
      continue;
    }
    if ((DESCRIPTIVE_COLUMNS as readonly string[]).includes(key)) {
      r.fail(value, `\`${key}\` describes the run and cannot be expected; bound a figure such as availability_write`);
    }
    if (!(EXPECTABLE_COLUMNS as readonly string[]).includes(key)) {
      const hint = suggestion(key, EXPECTABLE_COLUMNS);
      r.fail(value, `unknown metric \`${key}\`${hint === '' ? `; expect takes the figures of summary.csv: ${EXPECTABLE_COLUMNS.join(', ')}` : hint}`);
    }
    if (key === ('cache_hit_ratio' satisfies SummaryColumn) && !ctx.hasCache) {
      r.fail(value, 'cache_hit_ratio needs a `cache:` section (without one the figure is empty)');
    }
    if (key === ('cap_during_partition' satisfies SummaryColumn) && !ctx.hasPartition) {
      r.fail(value, 'cap_during_partition needs a fault of kind partition (without one the figure is empty)');
    }
    out.push({ metric: key, ...readBound(r, key, value), line: value.line });
  }
  return out;
}

/** `faults: [ { index: 0, write_outage_s: "<= 35" }, ... ]`: bounds on one fault's figures. */
function readFaultExpectations(r: Reader, node: SourceNode, faultCount: number): Expectation[] {
  const list = r.list(node, 'a list like [ { index: 0, write_outage_s: "<= 35" } ]');
  const out: Expectation[] = [];
  for (const item of list.items) {
    const f = r.map(item, undefined, 'a fault\'s bounds like { index: 0, write_outage_s: "<= 35" }');
    const indexNode = f.require('index', "the fault's place in `faults:`, counting from 0");
    const index = r.integer(indexNode, { min: 0 }, "a fault's index (a whole number from 0)");
    if (index >= faultCount) r.fail(indexNode, `there is no fault ${index}: the scenario has ${faultCount} fault${faultCount === 1 ? '' : 's'} (indexes from 0)`);
    for (const { key, node: value } of f.node.entries) {
      if (key === 'index') continue;
      if (!(FAULT_FIGURES as readonly string[]).includes(key)) {
        const hint = suggestion(key, FAULT_FIGURES);
        r.fail(value, `unknown per-fault figure \`${key}\`${hint === '' ? `; a fault's bounds take ${FAULT_FIGURES.join(', ')}` : hint}`);
      }
      if (typeof (value.kind === 'scalar' ? value.value : undefined) !== 'string') r.fail(value, `${LIKE}, got ${describe(value)}`);
      try {
        out.push({ metric: key, fault: index, ...parseComparison((value as { value: string }).value), line: value.line });
      } catch (e) {
        r.fail(value, (e as Error).message);
      }
    }
  }
  return out;
}

/** A group of clients that `expect:` can bound by name: its words and the figures its rows fill. */
interface GroupKind {
  key: 'workload' | 'region';
  /** "workload" or "region", and the section that names them. */
  noun: string;
  section: string;
  example: string;
  /** Why there are no names to bound. */
  none: string;
  figures: readonly string[];
}

const WORKLOADS: GroupKind = { key: 'workload', noun: 'workload', section: '`workloads:`', example: '{ name: web, write_outage_s: "<= 35" }', none: 'bounds per workload need named workloads (`workloads:` instead of `workload:`)', figures: WORKLOAD_FIGURES };
const REGIONS: GroupKind = { key: 'region', noun: 'region', section: '`regions:`', example: '{ name: us-west-2, availability_write: ">= 0.9" }', none: 'bounds per region need several regions (`regions:` instead of `region:`)', figures: REGION_FIGURES };

/** `workloads: [ { name: web, write_outage_s: "<= 35" }, ... ]` (or `regions:`): bounds on one group's own figures. */
function readGroupExpectations(r: Reader, node: SourceNode, names: readonly string[], g: GroupKind): Expectation[] {
  const list = r.list(node, `a list like [ ${g.example} ]`);
  if (names.length === 0) r.fail(node, g.none);
  const out: Expectation[] = [];
  for (const item of list.items) {
    const f = r.map(item, undefined, `a ${g.noun}'s bounds like ${g.example}`);
    const nameNode = f.require('name', `the name of one of ${g.section}`);
    const name = nameNode.kind === 'scalar' && typeof nameNode.value === 'string' ? nameNode.value : r.fail(nameNode, `expected a ${g.noun}'s name, got ${describe(nameNode)}`);
    if (!names.includes(name)) {
      const hint = suggestion(name, names);
      r.fail(nameNode, `there is no ${g.noun} \`${name}\`${hint === '' ? `; the ${g.noun}s are ${names.join(', ')}` : hint}`);
    }
    for (const { key, node: value } of f.node.entries) {
      if (key === 'name') continue;
      if (!g.figures.includes(key)) {
        const hint = suggestion(key, g.figures);
        const runWide = (EXPECTABLE_COLUMNS as readonly string[]).includes(key) ? `\`${key}\` is the run's figure (bound it at the top of expect:); ` : '';
        r.fail(value, `${runWide}unknown per-${g.noun} figure \`${key}\`${hint === '' || runWide !== '' ? `; a ${g.noun}'s bounds take ${g.figures.join(', ')}` : hint}`);
      }
      out.push({ metric: key, [g.key]: name, ...readBound(r, key, value), line: value.line });
    }
  }
  return out;
}

const CAP_VERDICTS = ['CP', 'AP', 'neither'];

function readBound(r: Reader, metric: string, node: SourceNode): { comparator: Comparator; bound: number | boolean | string } {
  const v = node.kind === 'scalar' ? node.value : undefined;
  if (metric === 'cap_during_partition') {
    const verdict = typeof v === 'string' ? /^\s*(?:==\s*)?(\S+)\s*$/.exec(v)?.[1] : undefined;
    if (verdict !== undefined && CAP_VERDICTS.includes(verdict)) return { comparator: '==', bound: verdict };
    return r.fail(node, `expected a verdict, CP, AP or neither, got ${describe(node)}`);
  }
  if (metric === 'linearizable') {
    if (typeof v === 'boolean') return { comparator: '==', bound: v };
    const m = typeof v === 'string' ? /^\s*==\s*(true|false)\s*$/.exec(v) : null;
    if (m !== null) return { comparator: '==', bound: m[1] === 'true' };
    return r.fail(node, `expected true or false, got ${describe(node)}`);
  }
  if (typeof v === 'number') {
    return r.fail(node, `${LIKE}, got ${v}: write "== ${v}" (in quotes) for exactly ${v}`);
  }
  if (typeof v !== 'string') return r.fail(node, `${LIKE}, got ${describe(node)}`);
  try {
    return parseComparison(v);
  } catch (e) {
    return r.fail(node, (e as Error).message);
  }
}
