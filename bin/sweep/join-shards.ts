// Putting the shards of one sharded job (a sweep or a swarm) back together: every shard given
// once, all from the same job (the manifest fields that name it agree), and the rows back in
// canonical order, row i coming from shard (i mod N) + 1. `faultline merge` uses it for both.

import { InputError } from '../scenario-files.ts';
import { parseShard, shardText } from './shard.ts';

export interface ShardPart<M> {
  dir: string;
  manifest: M & { shard: string; runs: number };
  rows: string[][];
}

/** The rows of every shard in canonical order; throws InputError naming the folders at fault. */
export function joinShards<M>(parts: readonly ShardPart<M>[], identity: readonly (keyof M)[], what: string): string[][] {
  const first = parts[0];
  const count = parseShard(first.manifest.shard).count;
  const byIndex = new Map<number, ShardPart<M>>();
  for (const p of parts) {
    for (const field of identity) {
      if (JSON.stringify(p.manifest[field]) !== JSON.stringify(first.manifest[field])) {
        throw new InputError(`${p.dir} and ${first.dir} are not shards of the same ${what}: their ${String(field)} differs (${JSON.stringify(p.manifest[field])} vs ${JSON.stringify(first.manifest[field])})`);
      }
    }
    const s = parseShard(p.manifest.shard);
    if (s.count !== count) throw new InputError(`${p.dir} is shard ${shardText(s)} but ${first.dir} is shard ${first.manifest.shard}: the ${what} was split in different ways`);
    const dup = byIndex.get(s.index);
    if (dup !== undefined) throw new InputError(`${p.dir} and ${dup.dir} are both shard ${shardText(s)}`);
    byIndex.set(s.index, p);
  }
  const missing: number[] = [];
  for (let i = 1; i <= count; i++) if (!byIndex.has(i)) missing.push(i);
  if (missing.length > 0) throw new InputError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing: merge needs every shard of the ${what}`);
  const rows: string[][] = [];
  const taken = new Array<number>(count + 1).fill(0);
  for (let run = 0; run < first.manifest.runs; run++) {
    const shard = (run % count) + 1;
    rows.push(byIndex.get(shard)!.rows[taken[shard]++]);
  }
  return rows;
}
