// Every engine's (and built-in cache's) option schema, compared with the schemas as they were
// written out by hand before options were declared once (option-schemas.before.json): the same
// keys in the same order, and for each the same kind, default, range and documentation.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engineFactories } from './registry.ts';

const before = JSON.parse(readFileSync(new URL('./option-schemas.before.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;

const current: [string, Readonly<Record<string, unknown>>][] = engineFactories.flatMap((f) => [
  [f.type, f.options] as [string, Readonly<Record<string, unknown>>],
  ...(f.caches ?? []).map((c) => [`${f.type}/cache:${c.type}`, c.options] as [string, Readonly<Record<string, unknown>>]),
]);

describe('option schemas', () => {
  it('cover the same engines and caches as before', () => {
    expect(current.map(([name]) => name)).toEqual(Object.keys(before));
  });

  it.each(current)('%s declares the same options, in the same order, with the same kind, default, range and doc', (name, schema) => {
    expect(Object.keys(schema)).toEqual(Object.keys(before[name]));
    expect(JSON.parse(JSON.stringify(schema))).toEqual(before[name]);
  });
});
