// npx tsx bench/process-start.ts [pairs]: how long the command takes to start, one JSON line.
//   version     `faultline --version` against `node -e 0`, in alternating pairs so that both
//               see the same load: the median of the per-pair differences (target <= 0.15 s),
//               with the built JavaScript (dist/) and, for comparison, with the TypeScript
//               sources through tsx (FAULTLINE_FROM_SOURCES=1)
//   short run   `faultline run` of a short bundled scenario, built against sources, paired the
//               same way: the wall time of each (median)
// dist/ is built first (npm run build) when it is not current: the figure is the start-up of
// what `npm ci` installs. The load average is printed beside, since on a shared machine every
// figure here moves with it.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, PACKAGE_ROOT } from './ensure-built.ts';

const BIN = path.join(PACKAGE_ROOT, 'bin/faultline.js');
const SHORT_RUN = 'rds-single-az-crash';

/** Wall seconds of one process, which must exit with one of `codes`. */
function timed(args: string[], env: NodeJS.ProcessEnv = {}, codes = [0]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, FAULTLINE_FROM_SOURCES: '', ...env } });
  const s = (performance.now() - t0) / 1000;
  if (r.status === null || !codes.includes(r.status)) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return s;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r3 = (x: number) => Number(x.toFixed(3));

/** `pairs` alternating runs of a and b: the medians of each and of the differences b - a. */
function paired(pairs: number, a: () => number, b: () => number) {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < pairs; i++) {
    as.push(a());
    bs.push(b());
  }
  return { a: r3(median(as)), b: r3(median(bs)), diff: r3(median(bs.map((x, i) => x - as[i]))), diffMin: r3(Math.min(...bs.map((x, i) => x - as[i]))) };
}

export function processStart(pairs = 20) {
  const { built } = ensureBuilt();
  const load0 = os.loadavg()[0];
  const nodeOnly = () => timed(['-e', '0']);
  const fromDist = paired(pairs, nodeOnly, () => timed([BIN, '--version']));
  const fromSources = paired(Math.max(3, Math.floor(pairs / 4)), nodeOnly, () => timed([BIN, '--version'], { FAULTLINE_FROM_SOURCES: '1' }));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-start-'));
  const run = (env: NodeJS.ProcessEnv) => () => timed([BIN, 'run', SHORT_RUN, '--quiet', '--out', path.join(out, 'o')], env, [0, 1]);
  const shortRun = paired(3, run({ FAULTLINE_FROM_SOURCES: '1' }), run({}));
  fs.rmSync(out, { recursive: true, force: true });
  return {
    bench: 'process-start',
    built_dist_first: built,
    pairs,
    node_e0_s: fromDist.a,
    version_s: fromDist.b,
    version_minus_node_s: fromDist.diff,
    version_minus_node_min_s: fromDist.diffMin,
    target_minus_node_s: 0.15,
    version_from_sources_s: fromSources.b,
    version_from_sources_minus_node_s: fromSources.diff,
    short_run: { scenario: SHORT_RUN, from_sources_s: shortRun.a, from_dist_s: shortRun.b, saved_s: r3(-shortRun.diff) },
    load_avg_1m: { start: Number(load0.toFixed(2)), end: Number(os.loadavg()[0].toFixed(2)) },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(JSON.stringify(processStart(Number(process.argv[2] ?? 20))) + '\n');
