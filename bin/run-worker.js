// The worker thread of `faultline run` when it runs from the TypeScript sources: registers tsx (loader
// hooks are per thread) and loads the TypeScript. A build in dist/ starts dist/bin/run-worker-main.js
// instead (bin/build-layout.ts).
import { register } from 'tsx/esm/api';

register();
await import('./run-worker-main.ts');
