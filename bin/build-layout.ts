// Where the files the command reads at run time are, whether it runs from the TypeScript sources
// (through tsx) or from their JavaScript build in dist/ (bin/build.js). The build mirrors the
// tree one level down, dist/bin/... for bin/..., so paths computed from import.meta.url differ
// by one level, and only the sources have the .js shims that register tsx on a worker thread.
// Files that are not compiled (bundled scenarios, package.json) stay where they are and are read
// from the package root in both cases, so a build never holds a stale copy of them.

import { fileURLToPath } from 'node:url';

/** Whether the module at `url` is compiled JavaScript from dist/ rather than a TypeScript source. */
export function isBuilt(url: string): boolean {
  return url.endsWith('.js');
}

/** The folder that holds package.json, scenarios/ and dist/, with a trailing separator. */
export const PACKAGE_ROOT: string = fileURLToPath(new URL(isBuilt(import.meta.url) ? '../../' : '../', import.meta.url));

/**
 * The script a worker thread starts from, for the worker module `<name>-main` beside `base`: in a
 * build, that compiled module itself; from the sources, its shim `<name>.js`, which registers
 * tsx first (loader hooks are per thread, so a worker does not inherit the main thread's).
 */
export function workerScript(base: string, name: string): URL {
  return new URL(isBuilt(base) ? `./${name}-main.js` : `./${name}.js`, base);
}
