// Writing one output file whole or not at all: the text goes to a temporary sibling
// (`.<name>.<pid>.tmp`) and is renamed into place, so a failed conversion leaves no file and
// an existing file is never left half-written. Leaves out: fsync (a crash may lose the file).

import fs from 'node:fs';
import path from 'node:path';
import { fsErrorText, isFsError } from '../fs-error.ts';
import { InputError } from '../scenario-files.ts';

export function writeAtomic(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, text);
    fs.renameSync(temp, file);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw isFsError(e) ? new InputError(fsErrorText(e, file)) : e;
  }
}
