// The fault shapes of the Multi-AZ reproducers (a standby promoted before it caught up), built
// here so the tests run without the shared reproducer files: none loses an acknowledged write,
// and the outage takes the shape RDS gives it (the instance stays down until the old writer is
// back, or an operator failover is refused).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadText } from '../../test/bundled.ts';
import type { SimEvent } from '../../sim/event-log.ts';

/**
 * rds-maz-721-min: db-1 restarted (down 41 s), db-2 promoted; db-2 crashed before db-1 rejoined.
 * A lighter load than the reproducer's (it ran 350,000 operations) keeps the test fast; a
 * longer engine start makes up for the shorter crash recovery, so db-1 is still starting when
 * db-2 crashes, as in the reproducer.
 */
function shape721(extraEngine = ''): string {
  return `
name: rds-maz-721-shape
seed: 721
duration: 141s
settle: 41s
engine:
  type: rds-multi-az
  writer_az: az-c
  instance_start: 14s
${extraEngine}
workload:
  clients: 2
  concurrency: 2
  mix: { read: 0.5, write: 0.5 }
  read_consistency: strong
  keys: { count: 100 }
  value_size: 4KB
  timeout: 1s
  retry: { attempts: 1 }
faults:
  - { at: 64537ms, kind: crash, target: { role: writer }, for: 16s }
  - { at: 10755ms, kind: restart, target: { node: db-1 }, for: 41s }
`;
}

/** The reproducers' light workload (6 clients, 200 operations/s, strong reads, no retries). */
function light(head: string, faults: string): string {
  return `${head}
workload:
  clients: 6
  rate: 200/s
  mix: { read: 0.5, write: 0.5 }
  read_consistency: strong
  keys: { count: 100 }
  retry: { attempts: 1 }
faults:
${faults}`;
}

/** The swarm scenarios' workload (one client, 50 operations/s, strong reads, 3 attempts). */
function swarmShape(head: string, faults: string): string {
  return `${head}
workload:
  clients: 1
  rate: 50/s
  mix: { read: 0.5, write: 0.5 }
  read_consistency: strong
  keys: { count: 1000 }
  retry: { attempts: 3, backoff: 50ms, max_backoff: 2s }
faults:
${faults}`;
}

/** rds-maz-failover-to-stale: an operator failover while the standby is still starting. */
const failoverToStale = light(
  'name: rds-maz-failover-to-stale-shape\nseed: 98\nduration: 111s\nsettle: 90s\nengine: { type: rds-multi-az }',
  `  - { at: 8s, kind: crash, target: { role: writer }, for: 78s }
  - { at: 102s, kind: failover, target: { role: writer } }`,
);

/**
 * rds-maz-auto-failover-to-stale with the second crash at 55 s instead of 65 s: the new writer
 * fails while the crashed (and "paused") standby is still starting, before it caught up.
 */
const autoFailoverToStale = light(
  'name: rds-maz-auto-failover-to-stale-shape\nseed: 721\nduration: 100s\nengine: { type: rds-multi-az, instance_start: 10s }',
  `  - { at: 10s, kind: crash, target: { node: db-1 }, for: 40s }
  - { at: 30s, kind: pause, target: { node: db-1 }, for: 70s }
  - { at: 55s, kind: crash, target: { node: db-2 }, for: 16s }`,
);

/**
 * Multi-AZ DB cluster, two instances down at once (beyond its tolerance): the writer db-2 fails
 * while db-3 (the reader that had acknowledged its writes) is down and db-1 never caught up.
 */
const clusterDoubleFault = light(
  'name: rds-cluster-double-fault\nseed: 721\nduration: 100s\nengine: { type: rds-multi-az-cluster, instance_start: 10s }',
  `  - { at: 10s, kind: crash, target: { node: db-1 }, for: 40s }
  - { at: 30s, kind: crash, target: { node: db-3 }, for: 60s }
  - { at: 55s, kind: crash, target: { node: db-2 }, for: 16s }`,
);

/**
 * Multi-AZ DB cluster: the writer freezes (pause) long enough to be failed over; when it resumes,
 * clients whose cached DNS answer still names it keep reading from it.
 */
const clusterFrozenWriter = light(
  'name: rds-cluster-frozen-writer\nseed: 8\nduration: 60s\nengine: { type: rds-multi-az-cluster }',
  '  - { at: 8309ms, kind: pause, target: { role: writer }, for: 21s }',
);

/**
 * Multi-AZ DB cluster, swarm-rds-multi-az-cluster seeds 1239, 1249 and 1903: a reader back from
 * a crash is still starting its database (it takes replication meanwhile, so it holds every
 * acknowledged write) when an operator fails the writer over.
 */
const clusterFailoverToStartingReader = light(
  'name: rds-cluster-failover-to-starting-reader\nseed: 1239\nduration: 90s\nengine: { type: rds-multi-az-cluster, instance_start: 40s }',
  `  - { at: 10s, kind: crash, target: { node: db-2 }, for: 10s }
  - { at: 40s, kind: failover, target: { role: writer } }`,
);

/**
 * swarm-rds-multi-az seed 3 (beyond tolerance): the writer restarts, db-2's promotion begins,
 * and db-2 crashes for 1.3 s while its engine is starting.
 */
const promotionTargetCrash = swarmShape(
  'name: rds-maz-promotion-target-crash\nseed: 3\nduration: 267s\nengine: { type: rds-multi-az }',
  `  - { at: 94779ms, kind: restart, target: { node: db-1 }, for: 11499ms }
  - { at: 124698ms, kind: crash, target: { node: db-2 }, for: 1322ms }`,
);

/**
 * swarm-rds-multi-az-cluster seed 33 (beyond tolerance): the writer db-1 freezes and is failed
 * over; much later two operator failovers make db-1, a reader again, the target. (The seed had
 * them 4 s apart; the second comes 14 s after the first here, once the first is done: a failover
 * now waits for the readers' positions after the writer stopped, and one asked for while another
 * is under way finds no writer to fail over.)
 */
const demotedWriterPromoted = swarmShape(
  'name: rds-cluster-demoted-writer-promoted\nseed: 33\nduration: 305s\nengine: { type: rds-multi-az-cluster }',
  `  - { at: 10741ms, kind: pause, target: { node: db-1 }, for: 18263ms }
  - { at: 131149ms, kind: failover, target: { role: writer } }
  - { at: 145111ms, kind: failover, target: { role: writer } }`,
);

/**
 * swarm-rds-multi-az-cluster seed 319, shrunk (beyond tolerance): 433 ms more latency between the
 * reader db-3's AZ (az-c) and the others, then an operator failover of the writer db-1. The
 * positions the control plane last heard were taken at different moments while db-1 still
 * committed, so db-3, which lacked db-1's last acknowledged records, looked the most advanced.
 */
const clusterSlowLinkFailover = swarmShape(
  'name: rds-cluster-slow-link-failover\nseed: 319\nduration: 225s\nsettle: 30s\nengine: { type: rds-multi-az-cluster }',
  `  - { at: 63600ms, kind: latency, between: [[az-c], [az-a, az-b]], add: 433ms, for: 21316ms }
  - { at: 80155ms, kind: failover, target: { role: writer } }`,
);

function run(text: string) {
  const events: SimEvent[] = [];
  const r = runScenario(loadText(text), { sinks: { event: (e) => events.push(e) } });
  const after = (kind: string, s: number) => events.filter((e) => e.kind === kind && e.timeUs >= s * 1e6);
  return { summary: r.summary, events, after };
}

describe('rds > multi-az > failover safety', () => {
  it('never promotes a standby that is not in sync: a restarted standby that never rejoined stays a standby (721 shape)', () => {
    const { summary, after } = run(shape721());
    expect(summary.lost_writes).toBe(0);
    expect(summary.linearizable).toBe(true);
    expect(summary.stale_reads).toBe(0);
    // The second writer's failure finds no in-sync standby: no promotion, the instance waits
    // for db-2 (down 16 s, then engine start and crash recovery) and writes resume there.
    expect(after('failover-impossible', 64.5).map((e) => e.node)).toEqual(['db-2']);
    expect(after('promoted', 64.5)).toEqual([]);
    expect(after('recovered', 80.5).map((e) => e.node)).toEqual(['db-2']);
    expect(summary.write_outage_s as number).toBeGreaterThan(16 + 10);
    expect(summary.write_outage_s as number).toBeLessThan(60);
  });

  it('promotes the unsynced standby and loses acknowledged writes when promote_unsynced_standby is true', () => {
    const { summary, after } = run(shape721('  promote_unsynced_standby: true'));
    expect(after('promoted', 64.5).map((e) => e.node)).toEqual(['db-1']);
    expect(summary.lost_writes as number).toBeGreaterThan(1000);
  });

  it('refuses an operator failover while the standby is still starting, losing nothing', () => {
    const { summary, after } = run(failoverToStale);
    expect(summary.lost_writes).toBe(0);
    expect(summary.linearizable).toBe(true);
    expect(after('failover-refused', 102).map((e) => e.node)).toEqual(['db-2']);
    expect(after('promoted', 100)).toEqual([]);
    // The only outage is the first failover (60-120 s, as published); the refused one adds none.
    expect(summary.write_outage_s as number).toBeGreaterThanOrEqual(60);
    expect(summary.write_outage_s as number).toBeLessThanOrEqual(120);
  });

  it('does not promote a crashed-and-paused standby that is still starting when the new writer fails', () => {
    const { summary, after } = run(autoFailoverToStale);
    expect(summary.lost_writes).toBe(0);
    expect(summary.linearizable).toBe(true);
    expect(after('failover-impossible', 55).map((e) => e.node)).toEqual(['db-2']);
    expect(after('promoted', 55)).toEqual([]);
    // Writes come back on db-2 after its 16 s down, engine start and recovery.
    expect(summary.write_outage_s as number).toBeGreaterThan(16 + 10);
    expect(summary.write_outage_s as number).toBeLessThan(40);
  });
});

describe('rds > multi-az > lost promotion', () => {
  it('promotes the standby again once it is back when it crashed while being promoted, losing nothing', () => {
    const { summary, after } = run(promotionTargetCrash);
    expect(after('failover-interrupted', 124).map((e) => e.node)).toEqual(['db-2']);
    // Before: the promotion's start-up died with the crash and no writer was ever named again.
    expect(after('promoted', 126).map((e) => e.node)).toEqual(['db-2']);
    expect(summary.lost_writes).toBe(0);
    expect(summary.linearizable).toBe(true);
    expect(summary.write_outage_s as number).toBeLessThan(120);
  });
});

describe('rds > multi-az-cluster > failover safety', () => {
  it('promotes only a reader holding every acknowledged write, else waits for the writer', () => {
    const { summary, after } = run(clusterDoubleFault);
    expect(summary.lost_writes).toBe(0);
    expect(summary.linearizable).toBe(true);
    expect(after('failover-impossible', 55).map((e) => e.node)).toEqual(['db-2']);
    expect(after('promoted', 55)).toEqual([]);
    expect(after('recovered', 71).map((e) => e.node)).toEqual(['db-2']);
  });

  it('does not promote a reader still starting its database: an operator failover takes an available one, and writes resume', () => {
    const { summary, after } = run(clusterFailoverToStartingReader);
    const promoted = after('promoted', 40).map((e) => e.node);
    expect(promoted).toHaveLength(1);
    expect(promoted[0]).not.toBe('db-2');
    expect(summary.lost_writes).toBe(0);
    // Before: db-2 was promoted and its relay log never drained; no writer for the rest of the run.
    expect(summary.write_outage_s as number).toBeLessThan(20);
  });

  it('promotes a writer demoted long ago once it has applied its relay log, records from its own term included', () => {
    const { summary, after } = run(demotedWriterPromoted);
    // Before: db-1 kept records it had persisted as writer with no apply job; its relay log never
    // drained, and the promotion waited for good.
    expect(after('promoted', 145).map((e) => e.node)).toEqual(['db-1']);
    expect(summary.lost_writes).toBe(0);
    expect(summary.write_outage_s as number).toBeLessThan(30);
  });

  it('stops the writer before an operator failover chooses, and promotes a reader only on positions heard since the stop (slow link)', () => {
    // Before: the choice compared the positions last heard while the writer still committed, and
    // db-3, short of the writer's last acknowledged records, was promoted (the run stopped there).
    const { summary, after } = run(clusterSlowLinkFailover);
    const reboot = after('reboot', 80);
    expect(reboot.map((e) => e.node)).toEqual(['db-1']);
    const started = after('failover-started', 80);
    expect(started).toHaveLength(1);
    // The choice waits for each reader in sync to answer a health check sent after the stop.
    expect(started[0].timeUs).toBeGreaterThan(reboot[0].timeUs);
    expect(after('promoted', 80)).toHaveLength(1);
    expect(summary.lost_writes).toBe(0);
    expect(summary.linearizable).toBe(true);
    // RDS: a Multi-AZ DB cluster failover typically completes in under 35 s.
    expect(summary.write_outage_s as number).toBeLessThan(35);
  });

  it('serves no reads from a demoted writer until it has rejoined the new writer', () => {
    const { summary, after } = run(clusterFrozenWriter);
    expect(after('promoted', 8).map((e) => e.node)).toEqual(['db-2']);
    expect(summary.stale_reads).toBe(0);
    expect(summary.linearizable).toBe(true);
  });
});
