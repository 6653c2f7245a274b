#!/usr/bin/env node
// The faultline command. `npm ci` compiles the TypeScript sources into dist/ (bin/build.js); this
// runs that JavaScript while its build stamp matches the sources as they are now, and otherwise
// the sources themselves through tsx, so a checkout edited since its build never runs stale code
// (it is only slower to start). FAULTLINE_FROM_SOURCES=1 runs the sources whatever dist/ holds.

import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { freshDist } from './build-stamp.js';

const dist = process.env.FAULTLINE_FROM_SOURCES === '1' ? null : freshDist(fileURLToPath(new URL('..', import.meta.url)));
let cli;
if (dist !== null) {
  cli = await import(pathToFileURL(path.join(dist, 'bin', 'cli.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import('./cli.ts');
}
await cli.main(process.argv.slice(2));
