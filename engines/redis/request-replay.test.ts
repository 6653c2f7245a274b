// A command slowed in the network is still run by the node when it arrives, after its client
// timed out; RESP has no request ids, so a retried SET can take effect twice, the second time
// after a newer write to the key. Kept, as real Redis does it (docs/engines/redis.md).
import { describe, expect, it } from 'vitest';
import { loadText } from '../../test/bundled.ts';
import { runScenario } from '../../scenarios/run.ts';

function scenario(attempts: number): string {
  return `
name: redis-latency-retry
seed: 3
duration: 10s
engine: { type: redis-cluster, shards: 1, replicas_per_shard: 1 }
workload:
  clients: 10
  rate: 627/s
  mix: { read: 0.8, write: 0.2 }
  read_consistency: strong
  keys: { count: 20, distribution: hotspot }
  value_size: 512B
  timeout: 500ms
  retry: { attempts: ${attempts}, backoff: 50ms, max_backoff: 2s }
faults:
  - { at: 1625ms, kind: latency, between: [[az-b], [az-a, az-c]], add: 600ms, for: 48s }
`;
}

describe('redis > request replay', () => {
  it('a write slowed past its client timeout still takes effect, and its retry can take effect again after a newer write', () => {
    expect(runScenario(loadText(scenario(2))).summary.linearizable).toBe(false);
  });

  it('the same run without retries stays linearizable: each late write takes effect once', () => {
    expect(runScenario(loadText(scenario(1))).summary.linearizable).toBe(true);
  });
});
