// RDS DB instance classes: a class names a family and a size, and the size sets the vCPUs (the
// RDS User Guide's DB instance class tables: large 2 vCPUs, xlarge 4, 2xlarge 8, 4xlarge 16,
// 8xlarge 32, 12xlarge 48, 16xlarge 64, the same in every family listed here). An instance serves
// requests with one worker per vCPU. A Multi-AZ DB cluster runs only on classes with local NVMe
// storage (the "d" families: RDS User Guide, "Multi-AZ DB cluster deployments", instance class
// availability).
// Models: the vCPU count as the number of service workers. Leaves out: memory (no buffer pool is
// modelled), network and EBS bandwidth per class, burstable classes, and a storage latency by
// class (AWS publishes bandwidth and IOPS limits per class, not latencies).
import { INSTANCE_SIZES } from '../engine.ts';

/** Families, each with whether its instances have local NVMe storage. */
const FAMILIES: readonly { name: string; localNvme: boolean }[] = [
  { name: 'db.m5', localNvme: false },
  { name: 'db.m6g', localNvme: false },
  { name: 'db.m6i', localNvme: false },
  { name: 'db.r5', localNvme: false },
  { name: 'db.r6g', localNvme: false },
  { name: 'db.r6i', localNvme: false },
  { name: 'db.m5d', localNvme: true },
  { name: 'db.m6gd', localNvme: true },
  { name: 'db.m6id', localNvme: true },
  { name: 'db.r5d', localNvme: true },
  { name: 'db.r6gd', localNvme: true },
  { name: 'db.r6id', localNvme: true },
];

/** vCPUs by size (engines/instance-sizes.ts). */
const SIZES = INSTANCE_SIZES;

/** `custom`: no class; `service` sets the workers. */
export const CUSTOM_CLASS = 'custom';

/** Every class name the option accepts, `custom` first. */
export const INSTANCE_CLASSES: readonly string[] = [CUSTOM_CLASS, ...FAMILIES.flatMap((f) => SIZES.map(([size]) => `${f.name}.${size}`))];

export interface InstanceClass {
  vcpus: number;
  localNvme: boolean;
}

/** The class's vCPUs and storage, or null for `custom` (or a name not in the table). */
export function instanceClass(name: string): InstanceClass | null {
  const dot = name.lastIndexOf('.');
  const family = FAMILIES.find((f) => f.name === name.slice(0, dot));
  const size = SIZES.find(([s]) => s === name.slice(dot + 1));
  return family === undefined || size === undefined ? null : { vcpus: size[1], localNvme: family.localNvme };
}

/** Families a Multi-AZ DB cluster can run on. */
export function clusterFamilies(): string[] {
  return FAMILIES.filter((f) => f.localNvme).map((f) => f.name);
}
