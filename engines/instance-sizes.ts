// The sizes of AWS DB instance classes and their vCPUs, alike across the RDS and Aurora families
// the engines list (RDS and Aurora User Guides, "DB instance classes", hardware specifications):
// large 2, xlarge 4, 2xlarge 8, 4xlarge 16, 8xlarge 32, 12xlarge 48, 16xlarge 64. Shared by the RDS
// and Aurora engines through engine.ts (an engine imports no other engine).
// Leaves out: memory, network bandwidth and the burstable (t) classes.

/** [size suffix, vCPUs], smallest first. */
export const INSTANCE_SIZES: readonly (readonly [string, number])[] = [
  ['large', 2],
  ['xlarge', 4],
  ['2xlarge', 8],
  ['4xlarge', 16],
  ['8xlarge', 32],
  ['12xlarge', 48],
  ['16xlarge', 64],
];
