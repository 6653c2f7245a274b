// A sweep's worker thread: registers tsx (loader hooks are per thread) and loads the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
