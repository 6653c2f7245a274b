// A short scenario for sweep tests (a few hundred milliseconds a run): an RDS Multi-AZ writer
// crash whose write outage lands on 14, 19 or 24 s depending on the seed (the DNS TTL quantises
// it), so `write_outage_s <= 20` fails on some seeds and holds on others.

export const SWEEP_SCENARIO = `name: sweep-test
seed: 1
duration: 40s
warmup: 2s
settle: 10s
engine:
  type: rds-multi-az
  instance_start: { uniform: [5s, 15s] }
  health_check_interval: 2s
workload:
  clients: 3
  rate: 50/s
  mix: { read: 0.5, write: 0.5 }
  keys: { count: 100 }
faults:
  - at: 5s
    kind: crash
    target: { role: writer }
expect:
  write_outage_s: "<= 20"
  lost_writes: "== 0"
`;

/** The bound of the scenario's `write_outage_s` expectation. */
export const OUTAGE_BOUND_S = 20;
