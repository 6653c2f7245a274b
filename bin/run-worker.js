// The worker thread of `faultline run`: registers tsx (loader hooks are per thread) and loads the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./run-worker-main.ts');
