// The one error a scenario file can produce: where (file, 1-based line, field path) and what, on
// one line, so the CLI prints it as is and exits 2. Also the helpers that show a user's value inside
// a message without letting it break the line (quoting, truncation, newline escaping).
// A file with several problems throws one ScenarioError for the first found, whose `problems`
// lists them all (up to MAX_PROBLEMS), so a caller that prints one line still prints a true one.

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';

  constructor(
    readonly file: string,
    readonly line: number,
    /** The field path in the file, e.g. `faults[2].target.role` or `engine.replicas`. */
    readonly field: string,
    /** What is wrong, without the location (one line). */
    readonly problem: string,
  ) {
    super(`${oneLine(file)}:${line}: ${oneLine(field)}: ${oneLine(problem)}`);
  }

  /** Every problem found in the file (this one first); just this one when alone. */
  problems: readonly ScenarioError[] = [this];

  /** Each problem's one line (file:line: field: problem). */
  lines(): string[] {
    return this.problems.map((p) => p.message);
  }
}

/** Most problems reported from one file: past this the reader stops looking. */
export const MAX_PROBLEMS = 20;

/**
 * The problems as one error: the first found, carrying all of them in the order found (sections
 * in the order they are read, so an unknown key's did-you-mean comes before what it leaves missing).
 */
export function combineProblems(problems: readonly ScenarioError[]): ScenarioError {
  const sorted = problems;
  const first = sorted[0];
  const out = new ScenarioError(first.file, first.line, first.field, first.problem);
  out.problems = sorted.length === 1 ? [out] : [out, ...sorted.slice(1)];
  return out;
}

/** Collapses any line breaks (and the blanks around them) into a single space. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ');
}

const MAX_SHOWN = 40;

/** A user's scalar as a message shows it: strings quoted (and cut short), numbers and booleans as is. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    const cut = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}...` : value;
    return JSON.stringify(cut);
  }
  if (value === null || value === undefined) return 'nothing';
  return String(value);
}

/** `a, b or c`. */
export function listOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
