// Faultline's version, from its package.json: what `--version` prints and what a sweep's manifest
// records. Read from the package root rather than left to yargs, whose own search for
// package.json starts from the folder above node_modules and treats a folder name with a dot in
// it (`~/work.d/faultline`) as a file name, stepping past it and printing "unknown".

import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './build-layout.ts';

let version: string | undefined;

export function packageVersion(): string {
  version ??= String((JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: unknown }).version);
  return version;
}
