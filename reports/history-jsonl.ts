// One history event as a JSONL line, in the event format of shared/histories/README.md
// (process, type, f, key, value) plus Faultline's fields: time_us, index, client, and on
// completions the attempts made and, for fail and info, the error.

import type { HistoryEvent } from '../sim/history.ts';

export function historyLine(e: HistoryEvent, clientName: string): string {
  const op = e.op;
  const value = e.value === null ? 'null' : String(e.value);
  let line = `{"process":${op.process},"type":"${e.type}","f":"${op.kind}","key":"${op.key}","value":${value},"time_us":${e.timeUs},"index":${e.index},"client":"${clientName}"`;
  if (op.kind === 'read') line += `,"consistency":"${op.consistency}"`;
  if (e.attempts !== undefined) line += `,"attempts":${e.attempts}`;
  if (e.error !== undefined) line += `,"error":${JSON.stringify(e.error)}`;
  return line + '}\n';
}
