// A sweep's worker thread when the sweep runs from the TypeScript sources: registers tsx (loader
// hooks are per thread) and loads the TypeScript. A build in dist/ starts
// dist/bin/sweep/worker-main.js instead (bin/build-layout.ts).
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
