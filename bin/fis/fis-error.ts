// Problems with a FIS template, a tag map or a conversion: each one line naming the file and the
// JSON path (`template.json: $.actions.reboot.parameters.duration: ...`), all reported together.

export class FisError extends Error {
  // Named like the other input errors, so that the CLI's error handler exits 2 with no stack.
  override readonly name = 'InputError';
  constructor(readonly lines: readonly string[]) {
    super(lines.join('; '));
  }
}

/** Collects problems; `check()` throws them all at once. */
export class Problems {
  readonly lines: string[] = [];
  constructor(readonly file: string) {}

  add(path: string, message: string): void {
    this.lines.push(`${this.file}: ${path}: ${message}`);
  }

  check(): void {
    if (this.lines.length > 0) throw new FisError(this.lines);
  }
}

/** `$.actions.reboot` or `$.actions["my action"]`: a JSON path step for a key. */
export function step(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
