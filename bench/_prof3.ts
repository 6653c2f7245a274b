import fs from 'node:fs';
import path from 'node:path';
import { prepareScenario } from '../scenarios/prepare.ts';
import { runToFiles } from '../bin/run-files.ts';
import { OutFile } from '../bin/output-dir.ts';
const file = 'scenarios/rds-multi-az-writer-crash.yaml';
const s = prepareScenario(fs.readFileSync(file, 'utf8'), file).scenario;
const dir = fs.mkdtempSync('/tmp/fl-prof-');
const mode = process.argv[2] === 'none' ? { kind: 'none' } : { kind: 'full' };
const cpu: number[] = []; const wall: number[] = [];
for (let i = 0; i < 6; i++) {
  const files: OutFile[] = [];
  const t0 = performance.now(); const c0 = process.cpuUsage();
  runToFiles(s, { intervalUs: 1_000_000, history: mode as any, check: true }, (n) => { const f = new OutFile(path.join(dir, n), path.join(dir, n)); files.push(f); return f; });
  for (const f of files) f.close();
  const c = process.cpuUsage(c0);
  if (i > 0) { cpu.push((c.user + c.system) / 1e6); wall.push((performance.now() - t0) / 1000); }
}
const med = (x: number[]) => [...x].sort((a, b) => a - b)[2].toFixed(3);
console.log(process.env.HV, mode.kind, 'cpu', med(cpu), 'wall', med(wall), 'min cpu', Math.min(...cpu).toFixed(3));
fs.rmSync(dir, { recursive: true });
