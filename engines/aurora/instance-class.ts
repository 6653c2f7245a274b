// Aurora DB instance classes by size: the size sets the vCPUs (Aurora User Guide, "Aurora DB
// instance classes", hardware specifications: large 2, xlarge 4, 2xlarge 8, 4xlarge 16, 8xlarge
// 32, 12xlarge 48, 16xlarge 64, alike in the families listed here). An instance serves with one
// worker per vCPU, and a failover promotes the largest replica of the best tier (Aurora User
// Guide, "High availability for Amazon Aurora": same tier, the largest; same size, an arbitrary one).
// Models: vCPUs as workers and as the promotion size. Leaves out: memory, bandwidth, burstable and
// Serverless classes, and a class for the writer (it keeps `service`).
import { INSTANCE_SIZES } from '../engine.ts';

const FAMILIES = ['db.r5', 'db.r6g', 'db.r6i', 'db.r7g'];
/** vCPUs by size (engines/instance-sizes.ts). */
const SIZES = INSTANCE_SIZES;

/** Every class name `replica_classes` accepts. */
export const AURORA_CLASSES: readonly string[] = FAMILIES.flatMap((f) => SIZES.map(([size]) => `${f}.${size}`));

/** The vCPUs of a class in the table (0 for a name not in it). */
export function vcpusOf(name: string): number {
  return SIZES.find(([size]) => name.endsWith(`.${size}`) && FAMILIES.includes(name.slice(0, -size.length - 1)))?.[1] ?? 0;
}
