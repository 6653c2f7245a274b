// DynamoDB capacity arithmetic: what one request costs in read or write capacity units, and how
// many partitions a table needs for its throughput and size.
// Models (REFERENCE-FIGURES.md C #46-#48, #51, note N3): a read costs 1 RCU per 4 KB of item,
// rounded up, strongly consistent; half that eventually consistent; twice that transactional.
// A write costs 1 WCU per 1 KB, rounded up; twice that transactional. 1 KB = 1024 B (N5.9).
// A partition serves at most 3,000 RCU and 1,000 WCU and holds at most 10 GB, independently.
// Leaves out: batch, query and scan accounting (per-item rounding vs summed rounding), charges
// for the larger of the before and after images, and the legacy summed partition formula (#52).

export type ReadKind = 'strong' | 'eventual' | 'transactional';

export const READ_UNIT_BYTES = 4096;
export const WRITE_UNIT_BYTES = 1024;

/** Units of `unitBytes` an item of `sizeBytes` occupies, rounded up (an empty item still costs one). */
function chunks(sizeBytes: number, unitBytes: number): number {
  return Math.max(1, Math.ceil(sizeBytes / unitBytes));
}

/** RCU one read of an item of `sizeBytes` consumes. */
export function readUnits(sizeBytes: number, kind: ReadKind): number {
  const strong = chunks(sizeBytes, READ_UNIT_BYTES);
  if (kind === 'eventual') return strong / 2;
  if (kind === 'transactional') return strong * 2;
  return strong;
}

/** WCU one write of an item of `sizeBytes` consumes. */
export function writeUnits(sizeBytes: number, transactional = false): number {
  const units = chunks(sizeBytes, WRITE_UNIT_BYTES);
  return transactional ? units * 2 : units;
}

export interface PartitionLimits {
  maxRcu: number;
  maxWcu: number;
  maxSizeBytes: number;
}

/**
 * Partitions a table needs so that no partition exceeds its read, write or size limit:
 * each limit on its own (reads and writes are independent, #51), the largest count wins.
 */
export function partitionsNeeded(rcu: number, wcu: number, sizeBytes: number, limits: PartitionLimits): number {
  return Math.max(1, Math.ceil(rcu / limits.maxRcu), Math.ceil(wcu / limits.maxWcu), Math.ceil(sizeBytes / limits.maxSizeBytes));
}
