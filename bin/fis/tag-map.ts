// How the names of a FIS template (resource tags, AZ names, resource ids in ARNs) stand for the
// scenario's nodes and AZs. A tag map file (`--tags map.json`) adds to the defaults:
//   { "tags": { "Key=Value": { "role": "writer" }, "Key": "az" },
//     "azs": { "us-east-1a": "az-a" },
//     "resources": { "subnet-0abc": { "az": "az-a" } } }
// A "Key=Value" tag stands for the nodes matching its fields ({} = every node); a bare "Key" says
// the tag's value is that field (`"Role": "role"` makes Role=writer mean { role: writer }).
// Leaves out: tag keys or values with wildcards (FIS matches them exactly, and so does this).

import { FisError, Problems, step } from './fis-error.ts';

export type Field = 'node' | 'role' | 'az' | 'shard' | 'partition';
const FIELDS: readonly Field[] = ['node', 'role', 'az', 'shard', 'partition'];
export type Selector = Partial<Record<Field, string>>;

export interface TagMap {
  /** "Key=Value" -> the nodes it stands for. */
  pairs: Map<string, Selector>;
  /** "Key" -> the field its value names. */
  keys: Map<string, Field>;
  /** AWS AZ name or id -> the scenario's AZ. */
  azs: Map<string, string>;
  /** Resource id (the end of an ARN) -> the nodes or AZ it stands for. */
  resources: Map<string, Selector>;
}

/** The tag the export puts on every target, and that stands for every node (fis-template-library style). */
export const READY_TAG = { key: 'FIS-Ready', value: 'True' } as const;
export const ROLE_TAG = 'faultline:role';

export function defaultTagMap(): TagMap {
  return {
    pairs: new Map([[`${READY_TAG.key}=${READY_TAG.value}`, {}]]),
    keys: new Map<string, Field>([
      [ROLE_TAG, 'role'],
      ['faultline:az', 'az'],
      ['faultline:node', 'node'],
      ['faultline:shard', 'shard'],
      ['faultline:partition', 'partition'],
    ]),
    azs: new Map(),
    resources: new Map(),
  };
}

/** The defaults plus the entries of a tag map file. */
export function readTagMap(text: string, file: string): TagMap {
  const map = defaultTagMap();
  const p = new Problems(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FisError([`${file}: $: not JSON (${(e as Error).message})`]);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new FisError([`${file}: $: expected an object with tags, azs and/or resources`]);
  const o = json as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!['tags', 'azs', 'resources'].includes(k)) p.add(step('$', k), 'unknown field (expected tags, azs or resources)');
  for (const [k, v] of entries(p, o.tags, '$.tags')) {
    const path = step('$.tags', k);
    if (typeof v === 'string') {
      if (k.includes('=')) p.add(path, 'a "Key=Value" entry takes fields like { "role": "writer" }; a bare "Key" takes a field name');
      else if (!FIELDS.includes(v as Field)) p.add(path, `"${v}" is not one of ${FIELDS.join(', ')}`);
      else map.keys.set(k, v as Field);
    } else {
      const s = selector(p, v, path);
      if (s !== null) map.pairs.set(k, s);
    }
  }
  for (const [k, v] of entries(p, o.azs, '$.azs')) {
    if (typeof v === 'string') map.azs.set(k, v);
    else p.add(step('$.azs', k), 'expected the scenario AZ name, like "az-a"');
  }
  for (const [k, v] of entries(p, o.resources, '$.resources')) {
    const s = selector(p, v, step('$.resources', k));
    if (s !== null) map.resources.set(k, s);
  }
  p.check();
  return map;
}

function entries(p: Problems, v: unknown, path: string): [string, unknown][] {
  if (v === undefined) return [];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    p.add(path, 'expected an object');
    return [];
  }
  return Object.entries(v);
}

function selector(p: Problems, v: unknown, path: string): Selector | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    p.add(path, 'expected fields like { "role": "writer", "az": "az-a" }');
    return null;
  }
  const out: Selector = {};
  for (const [f, val] of Object.entries(v)) {
    if (!FIELDS.includes(f as Field)) p.add(step(path, f), `unknown field (expected ${FIELDS.join(', ')})`);
    else out[f as Field] = String(val);
  }
  return out;
}

/**
 * The scenario AZ an AWS AZ name stands for: the map's entry; the name itself when the scenario
 * has it; else by its last letter (`us-east-1b` is the second AZ) or AZ id number (`use1-az2`).
 */
export function scenarioAz(map: TagMap, name: string, azs: readonly string[]): string | null {
  const mapped = map.azs.get(name);
  if (mapped !== undefined) return azs.includes(mapped) ? mapped : null;
  if (azs.includes(name)) return name;
  const letter = /^[a-z]{2}-[a-z]+-\d+([a-z])$/.exec(name);
  if (letter !== null) return azs[letter[1].charCodeAt(0) - 97] ?? null;
  const id = /^[a-z0-9]+-az(\d+)$/.exec(name);
  if (id !== null) return azs[Number(id[1]) - 1] ?? null;
  return null;
}
