// `faultline list`: the bundled scenarios, the engines with every option (kind, default,
// meaning) and their roles, and the fault kinds.

import fs from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { parse } from 'yaml';
import { engineFactories } from '../../engines/registry.ts';
import type { OptionSpec } from '../../engines/engine.ts';
import { FAULT_KINDS } from '../../sim/fault-spec.ts';
import { describeDistribution } from '../../sim/distribution.ts';
import { formatDuration, formatSize } from '../../scenarios/format/units.ts';
import { bundledScenarios } from '../scenario-files.ts';
import { DEFAULT_CACHE_TTL_US } from '../../scenarios/format/cache-section.ts';

export function describeDefault(o: OptionSpec): string {
  switch (o.kind) {
    case 'duration':
      return formatDuration(o.default);
    case 'distribution':
      return describeDistribution(o.default, formatDuration);
    case 'service':
      return `${o.default.workers} workers, ${describeDistribution(o.default.time, formatDuration)}`;
    case 'size':
      return formatSize(o.default);
    case 'rate':
      return `${o.default}/s`;
    case 'az':
      return o.default ?? '(engine picks)';
    case 'az-list':
      return o.default === null ? '(engine picks)' : o.default.join(', ');
    case 'enum':
      return `${o.default} (${o.values.join(' | ')})`;
    case 'enum-list':
      return o.default.length === 0 ? '(none)' : o.default.join(', ');
    default:
      return String(o.default);
  }
}

export const listCommand: CommandModule = {
  command: 'list',
  describe: 'Show the bundled scenarios, the engines and their options, and the fault kinds',
  builder: (y: Argv) => y.epilogue('Every engine option can be set under `engine:` in a scenario file; the defaults reproduce published behaviour (see README).'),
  handler: () => {
    const out: string[] = [];
    out.push('Bundled scenarios (faultline run <name>):');
    for (const b of bundledScenarios()) {
      let description = '';
      try {
        description = String((parse(fs.readFileSync(b.file, 'utf8')) as { description?: string })?.description ?? '');
      } catch {
        description = '(unreadable: run `faultline validate` on it)';
      }
      out.push(`  ${b.name.padEnd(34)} ${description.replace(/\s+/g, ' ').trim()}`);
    }
    out.push('', 'Engines (engine.type):');
    for (const f of engineFactories) {
      const only = f.cacheOnly === true ? ` (only as \`cache: { type: ${f.type} }\`)` : '';
      out.push(`  ${f.type}${only}: ${f.summary}`);
      out.push(`    roles: ${f.roles.join(', ')}${f.labels.length > 0 ? `; labels: ${f.labels.join(', ')}` : ''}`);
      for (const [key, o] of Object.entries(f.options)) out.push(`    ${key.padEnd(24)} ${o.kind.padEnd(12)} default ${describeDefault(o)}: ${o.doc}`);
      for (const c of f.caches ?? []) {
        out.push(`    cache: { type: ${c.type} } in front of it (strategy ${c.strategies.join(' | ')}; ttl default ${formatDuration(DEFAULT_CACHE_TTL_US)}), with:`);
        for (const [key, o] of Object.entries(c.options)) out.push(`      ${key.padEnd(22)} ${o.kind.padEnd(12)} default ${describeDefault(o)}: ${o.doc}`);
      }
    }
    out.push('', 'Fault kinds (faults[].kind):');
    for (const k of FAULT_KINDS) out.push(`  ${k.kind.padEnd(16)} ${k.summary}`);
    process.stdout.write(out.join('\n') + '\n');
  },
};
