// Renders a violation as text: a heading, then one line per operation of the failing window.
// Models: what a reader needs to replay the window by hand: process, operation and value,
// how it ended, its event positions (1-based, i.e. JSONL lines when the file has no blank
// lines) and simulated times when the events carry `time_us`.
// Leaves out: colour and timelines (the terminal summary and any HTML report add those).

import type { Anomaly } from './explain-anomaly.ts';
import type { Operation, Violation } from './types.ts';

/** Long kv strings keep their head and tail, which is where appends differ. */
function show(v: unknown, limit = 64): string {
  const text = JSON.stringify(v) ?? 'undefined';
  if (text.length <= limit) return text;
  const tail = Math.floor(limit * 0.6);
  return `${text.slice(0, limit - tail - 1)}…${text.slice(text.length - tail)} (${text.length} chars)`;
}

function describe(op: Operation): string {
  switch (op.f) {
    case 'read':
    case 'get':
      return op.status === 'ok' ? `${op.f} -> ${show(op.output)}` : `${op.f} -> ?`;
    case 'cas': {
      const [expected, next] = op.input as [unknown, unknown];
      return `cas ${show(expected)} -> ${show(next)}`;
    }
    default:
      return `${op.f} ${show(op.input)}`;
  }
}

function positions(op: Operation): string {
  const end = op.completeIndex >= 0 ? `#${op.completeIndex + 1}` : 'never';
  let text = `#${op.invokeIndex + 1}..${end}`;
  if (op.invokeTimeUs !== undefined) {
    text += `  t=${op.invokeTimeUs}..${op.completeTimeUs ?? '?'}us`;
  }
  return text;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** One line per operation of `ops`, columns aligned; the first `inFlight` are marked "in flight". */
export function renderOperations(ops: readonly Operation[], indent = '  ', inFlight = 0): string[] {
  const rows = ops.map((op, i) => [`p${op.process}`, describe(op), op.status, positions(op) + (i < inFlight ? '  (in flight at start)' : '')]);
  const widths = [0, 1, 2].map((c) => Math.max(0, ...rows.map((r) => r[c].length)));
  return rows.map((r) => indent + r.map((cell, c) => (c < 3 ? pad(cell, widths[c]) : cell)).join('  '));
}

/**
 * A heading and one line per operation of the failing window: process, operation and value,
 * outcome, event numbers invoke..complete (1-based), times when known.
 */
export function renderViolation(violation: Violation): string {
  const key = violation.key === null ? 'the register' : `key ${JSON.stringify(violation.key)}`;
  const size = violation.ops.length;
  const plural = violation.keyOps === 1 ? '' : 's';
  const quality = violation.minimal ? 'minimal' : 'not proven minimal';
  const heading = `${key} is not linearizable; these ${size} of its ${violation.keyOps} operation${plural} alone show it (${quality}):`;
  return [heading, ...renderOperations(violation.ops, '  ', violation.inFlight)].join('\n');
}

/** Breaks a paragraph into lines of at most `width` characters (longer words stay whole). */
function wrap(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * violation.txt: first which anomaly it is, in words (`anomaly: <label>` and a paragraph naming
 * the ops), then the failing window as renderViolation shows it.
 */
export function renderExplainedViolation(violation: Violation, anomaly: Pick<Anomaly, 'label' | 'text'>): string {
  return [`anomaly: ${anomaly.label}`, ...wrap(anomaly.text), '', renderViolation(violation)].join('\n');
}
