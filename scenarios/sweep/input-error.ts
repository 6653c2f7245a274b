// The one error a sweep's own inputs (--seeds, --set, --shard, --jobs) produce: one line saying
// which flag is wrong and why, so the CLI prints it as is and exits 2 before any run starts.

export class SweepInputError extends Error {
  override readonly name = 'SweepInputError';
}
