// Writes a report page into a folder that already holds a run's or a sweep's files, for
// `faultline report`: under a temporary name first, renamed into place, so a reader never sees
// half a page (a killed run's temporary file is removed by the next run in that folder; a failed
// write removes its own). `faultline fis` writes its converted files the same way.

import fs from 'node:fs';
import path from 'node:path';
import { inputOnFsError } from '../fs-error.ts';

export function writeInPlace(dir: string, name: string, text: string): string {
  const final = path.join(dir, name);
  const temp = path.join(dir, `.${name}.${process.pid}.tmp`);
  inputOnFsError(() => {
    try {
      fs.writeFileSync(temp, text);
      fs.renameSync(temp, final);
    } catch (e) {
      fs.rmSync(temp, { force: true });
      throw e;
    }
  }, final);
  return final;
}
