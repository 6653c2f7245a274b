// The Multi-AZ DB cluster's failover rule differs by database engine (RDS User Guide, "Multi-AZ DB
// cluster deployments": MySQL failover time depends on the lag of both remaining readers,
// PostgreSQL's on the lowest). MySQL promotes the reader that received the most and completes
// once both readers applied their relay logs; PostgreSQL promotes, among the readers that
// received the most, the one with the least apply lag, and waits for its replay alone.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadText } from '../../test/bundled.ts';
import type { SimEvent } from '../../sim/event-log.ts';
import { chooseFailoverTarget, type FailoverView, type InstanceView } from './failover-target.ts';
import type { DbInstance } from './instance.ts';

function view(dbEngine: 'mysql' | 'postgres', positions: Record<string, { persisted: number; applied: number }>): { view: FailoverView; byName: Map<string, DbInstance> } {
  const byName = new Map<string, DbInstance>();
  const views = new Map<DbInstance, InstanceView>();
  const writer = { name: 'db-1' } as DbInstance;
  byName.set('db-1', writer);
  views.set(writer, { role: 'writer', status: 'down', persistedLsn: 0, appliedLsn: 0, heardUs: 0, silent: true, steppingDown: false, starting: false });
  for (const [name, p] of Object.entries(positions)) {
    const inst = { name } as DbInstance;
    byName.set(name, inst);
    views.set(inst, { role: 'reader', status: 'available', persistedLsn: p.persisted, appliedLsn: p.applied, heardUs: 1, silent: false, steppingDown: false, starting: false });
  }
  const readers = [...byName.values()].filter((i) => i !== writer);
  return {
    byName,
    view: {
      type: 'rds-multi-az-cluster',
      dbEngine,
      unsafe: false,
      instances: [...byName.values()],
      viewOf: (i) => views.get(i)!,
      isFailed: (i) => i === writer,
      reportedInSync: () => readers,
      positionSettled: () => true,
    },
  };
}

describe('rds > multi-az-cluster > engine failover rule', () => {
  const positions = { 'db-2': { persisted: 100, applied: 40 }, 'db-3': { persisted: 100, applied: 90 } };

  it('chooses differently when both readers received everything but one applied less', () => {
    const mysql = chooseFailoverTarget(view('mysql', positions).view, true);
    const postgres = chooseFailoverTarget(view('postgres', positions).view, true);
    expect(mysql.target?.name).toBe('db-2');
    expect(postgres.target?.name).toBe('db-3');
  });

  it('never lets the least apply lag outrank what a reader received: both promote the one holding the most', () => {
    const ahead = { 'db-2': { persisted: 101, applied: 40 }, 'db-3': { persisted: 100, applied: 100 } };
    expect(chooseFailoverTarget(view('mysql', ahead).view, true).target?.name).toBe('db-2');
    expect(chooseFailoverTarget(view('postgres', ahead).view, true).target?.name).toBe('db-2');
  });
});

/**
 * Readers that apply 50 writes/s under 60 writes/s, db-2 paused for 4 s every 10 s (too short to
 * fail its health checks): when the writer crashes both readers have received everything, db-2
 * has applied far less than db-3.
 */
function lagging(dbEngine: string, paused = 'db-2'): string {
  const pauses = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130].map((t) => `  - { at: ${t}s, kind: pause, target: { node: ${paused} }, for: 4s }`).join('\n');
  return `
name: engine-rule-${dbEngine}-${paused}
duration: 4m
warmup: 5s
settle: 2m
engine:
  type: rds-multi-az-cluster
  engine: ${dbEngine}
  replica_apply: { exponential: 20ms }
  flow_control_target_lag: 86400s
workload:
  clients: 3
  rate: 60/s
  mix: { write: 1 }
  keys: { count: 1000, distribution: uniform }
  value_size: 512B
  timeout: 1s
  retry: { attempts: 3, backoff: 50ms, max_backoff: 2s }
faults:
  - { at: 150s, kind: crash, target: { role: writer }, for: 30s }
${pauses}
`;
}

function failover(dbEngine: string, paused?: string): { target: string; failoverS: number; lost: number } {
  const events: SimEvent[] = [];
  const r = runScenario(loadText(lagging(dbEngine, paused)), { sinks: { event: (e) => events.push(e) } }).summary;
  return { target: events.find((e) => e.kind === 'promoted')!.node!, failoverS: r.failover_s as number, lost: r.lost_writes as number };
}

describe('rds > multi-az-cluster > engine failover rule in a run', () => {
  const mysql = failover('mysql');
  const postgres = failover('postgres');

  it('promotes the lagging reader under MySQL and the caught-up one under PostgreSQL, losing nothing', () => {
    expect(mysql.target).toBe('db-2');
    expect(postgres.target).toBe('db-3');
    expect(mysql.lost).toBe(0);
    expect(postgres.lost).toBe(0);
  });

  it('fails over sooner under PostgreSQL, which waits for its target\'s replay alone', () => {
    expect(postgres.failoverS).toBeLessThan(35);
    expect(mysql.failoverS).toBeGreaterThan(postgres.failoverS + 30);
  });

  it('waits under MySQL for the other reader\'s relay log too, when the target is the caught-up one', () => {
    const mysqlOther = failover('mysql', 'db-3');
    const postgresOther = failover('postgres', 'db-3');
    expect(mysqlOther.target).toBe('db-2');
    expect(postgresOther.target).toBe('db-2');
    expect(postgresOther.failoverS).toBeLessThan(35);
    expect(mysqlOther.failoverS).toBeGreaterThan(postgresOther.failoverS + 30);
    expect(mysqlOther.lost).toBe(0);
  });
});
