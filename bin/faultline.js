#!/usr/bin/env node
// The faultline command. `npm ci` compiles the TypeScript sources into dist/ (bin/build.js); this
// runs that JavaScript while its build stamp matches the sources as they are now, and otherwise
// the sources themselves through tsx, so a checkout edited since its build never runs stale code
// (it is only slower to start). FAULTLINE_FROM_SOURCES=1 runs the sources whatever dist/ holds.
// A bare `--version` is answered here, before the build stamp, yargs or any command is loaded:
// it needs package.json alone, and it is what scripts call to see that the tool is there.

import fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const args = process.argv.slice(2);
// The same test as bin/cli.ts makes before it builds the command table (a repeated flag too).
if (args.length > 0 && args.every((a) => a === '--version')) {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  await runCommand();
}

async function runCommand() {
  const { freshDist } = await import('./build-stamp.js');
  const dist = process.env.FAULTLINE_FROM_SOURCES === '1' ? null : freshDist(fileURLToPath(new URL('..', import.meta.url)));
  let cli;
  if (dist !== null) {
    cli = await import(pathToFileURL(path.join(dist, 'bin', 'cli.js')).href);
  } else {
    const { register } = await import('tsx/esm/api');
    register();
    cli = await import('./cli.ts');
  }
  await cli.main(args);
}
