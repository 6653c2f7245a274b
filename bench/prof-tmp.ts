import fs from 'node:fs';
import { prepareScenario } from '/work/main/scenarios/prepare.ts';
import { runScenario } from '/work/main/scenarios/run.ts';
const name = process.argv[2] ?? 'rds-multi-az-writer-crash';
const file = `/work/main/scenarios/${name}.yaml`;
const s = prepareScenario(fs.readFileSync(file, 'utf8'), file).scenario;
for (let i = 0; i < 10; i++) { const t = performance.now(); const r = runScenario(s); console.log(r.simEvents, ((performance.now() - t)/1000).toFixed(3)); }
