// `npm run build` (and npm's `prepare`, so `npm ci` runs it): compiles the TypeScript sources
// named by tsconfig.build.json into dist/ with tsc, `.ts` import specifiers rewritten to `.js`,
// and writes dist/build-stamp.json (bin/build-stamp.js) last. It compiles into a temporary
// sibling folder and renames it into place, so a failed or interrupted build leaves either the
// previous dist/ or none, never a half-written one with a stamp (the next build removes the
// temporary folder of one that was killed). Type errors fail the build.
// Without TypeScript installed (`npm ci --omit=dev`) it says so and builds nothing: the
// launcher then runs the sources through tsx, which is a runtime dependency.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeStamp } from './build-stamp.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'dist');

let ts;
try {
  ts = (await import('typescript')).default;
} catch {
  process.stderr.write('faultline build: typescript is not installed; skipped (faultline will run the TypeScript sources through tsx)\n');
  process.exit(0);
}

const configFile = path.join(root, 'tsconfig.build.json');
const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail([d]) };
const config = ts.getParsedCommandLineOfConfigFile(configFile, {}, host);
if (config.errors.length > 0) fail(config.errors);

const temp = `${dist}.build-${process.pid}`;
removeAbandonedBuilds();
const program = ts.createProgram({ rootNames: config.fileNames, options: { ...config.options, outDir: temp } });
const emitted = program.emit();
const problems = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
if (problems.length > 0 || emitted.emitSkipped) {
  fs.rmSync(temp, { recursive: true, force: true });
  fail(problems);
}

const relative = (f) => path.relative(root, f).split(path.sep).join('/');
writeStamp(temp, root, [...config.fileNames.map(relative), 'tsconfig.json', 'tsconfig.build.json']);
fs.rmSync(dist, { recursive: true, force: true });
fs.renameSync(temp, dist);
process.stdout.write(`faultline build: ${config.fileNames.length} files compiled into dist/\n`);

/** Removes the temporary folders of builds whose process is gone (killed mid-build). */
function removeAbandonedBuilds() {
  for (const name of fs.readdirSync(root)) {
    const m = /^dist\.build-(\d+)$/.exec(name);
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && isAlive(pid)) continue;
    fs.rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

function fail(diagnostics) {
  const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
  process.stderr.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost));
  process.stderr.write('faultline build: failed; dist/ was left as it was\n');
  process.exit(1);
}
