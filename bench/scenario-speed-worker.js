// bench/scenario-speed.ts's measurement inside a worker thread (as a sweep runs its seeds):
// registers tsx (loader hooks are per thread), measures, posts the result.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { scenarioSpeed } = await import('./scenario-speed.ts');
parentPort.postMessage(scenarioSpeed(workerData.name, 'sweep worker'));
