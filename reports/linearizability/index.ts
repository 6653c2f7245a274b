// Public API of the linearizability checker (reports/linearizability).
// Models: parse a JSONL history, check it under a semantics preset and a deterministic budget,
// render the smallest failing window and say which anomaly it is. Leaves out: file and process I/O (bin/commands/check.ts).

export { BATCH_EVENTS, checkBatches } from './check-batches.ts';
export { checkHistory, inferModel } from './check-history.ts';
export { EventStore } from './event-store.ts';
export { HistoryFormatError } from './history-format-error.ts';
export { pairOperations } from './pair-operations.ts';
export { HistoryParser, parseHistoryJsonl } from './parse-jsonl.ts';
export { renderExplainedViolation, renderOperations, renderViolation } from './render.ts';
export { explainAnomaly, explainFromEvents } from './explain-anomaly.ts';
export type { Anomaly, AnomalyLabel, ExplainInput, OpFacts } from './explain-anomaly.ts';
export { factsFromEvents } from './anomaly-words.ts';
export { DEFAULT_BUDGET, SEMANTICS_NAMES, SEMANTICS_PRESETS, resolveOptions } from './semantics.ts';
export type { Budget, CheckOptions, ResolvedOptions, Semantics, SemanticsName } from './semantics.ts';
export type { CheckResult, EventType, HistoryEvent, ModelName, Operation, OpF, OpStatus, Verdict, Violation } from './types.ts';
export { validateEvent } from './validate-event.ts';
