// Writes a report page into a folder that already holds a run's or a sweep's files, for
// `faultline report`: under a temporary name first, renamed into place, so a reader never sees
// half a page (a killed run's temporary file is removed by the next run in that folder).

import fs from 'node:fs';
import path from 'node:path';
import { inputOnFsError } from '../fs-error.ts';

export function writeInPlace(dir: string, name: string, text: string): string {
  const final = path.join(dir, name);
  const temp = path.join(dir, `.${name}.${process.pid}.tmp`);
  inputOnFsError(() => {
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, final);
  }, final);
  return final;
}
