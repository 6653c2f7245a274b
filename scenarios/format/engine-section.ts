// The `engine:` section: `type` names a registered engine factory; every other key is one of
// that factory's declared options (read by kind, defaults filled in, then the factory's own
// check). An engine type the format documents but nobody has registered yet says so.
// Leaves out: running or building the engine (the run wiring does that with the parsed options).

import type { EngineFactory, EngineOptions } from '../../engines/engine.ts';
import { unknownNameMessage } from './did-you-mean.ts';
import type { Reader } from './field-reader.ts';
import { checkOptions, readOptions } from './option-fields.ts';
import type { SourceNode } from './yaml-source.ts';

/** The engine types SCENARIO-FORMAT.md documents (a factory may not be registered for each yet). */
export const FORMAT_ENGINE_TYPES: readonly string[] = [
  'rds-single-az',
  'rds-multi-az',
  'rds-multi-az-cluster',
  'aurora',
  'dynamodb',
  'redis-cluster',
];

export interface EngineSection {
  type: string;
  options: EngineOptions;
  factory: EngineFactory;
}

export function readEngine(
  r: Reader,
  node: SourceNode,
  engines: readonly EngineFactory[],
  azs: readonly string[],
  lineOf: (path: string) => number,
  elsewhere?: ReadonlyMap<string, string>,
): EngineSection {
  const f = r.map(node, undefined, 'a mapping with `type` and the engine\'s options');
  const typeNode = f.require('type', 'the engine type, e.g. `type: aurora`');
  const type = r.string(typeNode, 'an engine type');
  const factory = engines.find((e) => e.type === type);
  if (factory === undefined) {
    const known = engines.filter((e) => e.cacheOnly !== true).map((e) => e.type);
    if (FORMAT_ENGINE_TYPES.includes(type)) {
      r.fail(typeNode, `engine type \`${type}\` is not available yet (available: ${known.length > 0 ? known.join(', ') : 'none'})`);
    }
    r.fail(typeNode, unknownNameMessage('engine type', type, known.length > 0 ? known : FORMAT_ENGINE_TYPES));
  }
  if (factory.cacheOnly === true) r.fail(typeNode, `${type} is a cache only: put it in a \`cache:\` section in front of a database engine`);
  const before = r.problems.length;
  const options = readOptions(r, f, factory.options, {
    azs,
    reserved: ['type'],
    section: { path: f.path, line: f.node.line },
    ...(elsewhere === undefined ? {} : { elsewhere }),
  });
  checkOptions(r, before, factory, options, azs, lineOf, f.path, elsewhere);
  return { type, options, factory };
}
