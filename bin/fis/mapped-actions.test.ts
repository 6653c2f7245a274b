// Every FIS action the import maps, imported onto a small scenario and run: the fault it stands
// for must happen to the nodes the target names.
import { describe, expect, it } from 'vitest';
import { drill, nodesWith, oneAction, smallScenario } from './fis-run.fixture.ts';

const READY = { 'FIS-Ready': 'True' };
const AURORA = smallScenario('aurora\n  replicas: 2');
const MULTI_AZ = smallScenario('rds-multi-az');
// Long enough for node_timeout (15 s) to pass before the power returns.
const REDIS = smallScenario('redis-cluster\n  shards: 3\n  replicas_per_shard: 1').replace('role: writer', 'role: primary').replace('duration: 14s', 'duration: 30s');
const DYNAMO = smallScenario('dynamodb').replace('role: writer', 'role: leader');
const writerTag = { resourceTags: { 'faultline:role': 'writer' }, selectionMode: 'ALL' };

describe('fis > mapped actions', () => {
  it('aws:rds:failover-db-cluster promotes a reader of an Aurora cluster', () => {
    const d = drill(oneAction('aws:rds:failover-db-cluster', 'Clusters', { resourceType: 'aws:rds:cluster', resourceTags: READY, selectionMode: 'ALL' }), AURORA);
    expect(d.text).toContain('kind: failover');
    expect(nodesWith(d, 'promoted')).toEqual(['instance-2']);
  });

  it('aws:rds:failover-db-cluster promotes a reader of an RDS Multi-AZ DB cluster', () => {
    const d = drill(oneAction('aws:rds:failover-db-cluster', 'Clusters', { resourceType: 'aws:rds:cluster', resourceTags: READY, selectionMode: 'ALL' }), smallScenario('rds-multi-az-cluster'));
    expect(nodesWith(d, 'promoted')).toHaveLength(1);
  });

  it('aws:rds:reboot-db-instances restarts the instance in place, without a failover', () => {
    const d = drill(oneAction('aws:rds:reboot-db-instances', 'DBInstances', { resourceType: 'aws:rds:db', ...writerTag }), MULTI_AZ);
    expect(d.text).toMatch(/kind: restart\n\s+target: \{ node: [\w-]+ \}/);
    expect(d.events.find((e) => e.kind === 'fault-start')?.detail).toMatch(/^restart/);
    expect(nodesWith(d, 'promoted')).toEqual([]);
  });

  it('aws:rds:reboot-db-instances with forceFailover fails a Multi-AZ instance over to its standby', () => {
    const d = drill(oneAction('aws:rds:reboot-db-instances', 'DBInstances', { resourceType: 'aws:rds:db', ...writerTag }, { forceFailover: 'true' }), MULTI_AZ);
    expect(d.text).toMatch(/kind: failover\n\s+target: \{ node: db-1 \}/);
    expect(nodesWith(d, 'failover-started')).toEqual(['db-2']);
  });

  for (const [actionId, resourceType] of [
    ['aws:elasticache:replicationgroup-interrupt-az-power', 'aws:elasticache:replicationgroup'],
    ['aws:elasticache:interrupt-cluster-az-power', 'aws:elasticache:redis-replicationgroup'],
  ]) {
    it(`${actionId} crashes the AZ's Redis nodes and a replica takes over their shard`, () => {
      const target = { resourceType, resourceTags: READY, parameters: { availabilityZoneIdentifier: 'us-east-1a' }, selectionMode: 'ALL' };
      const d = drill(oneAction(actionId, 'ReplicationGroups', target, { duration: 'PT1M' }), REDIS);
      expect(d.text).toMatch(/kind: crash\n\s+target: \{ az: az-a \}\n\s+for: 1m\n\s+disruption: AZ/);
      expect(nodesWith(d, 'failure-detected')).toContain('redis-1');
      expect(nodesWith(d, 'promoted')).toEqual(['redis-2']);
    });
  }

  for (const scope of ['all', 'availability-zone']) {
    it(`aws:network:disrupt-connectivity (scope ${scope}) cuts the subnet's AZ off from the others`, () => {
      const target = { resourceType: 'aws:ec2:subnet', resourceTags: READY, filters: [{ path: 'AvailabilityZone', values: ['us-east-1a'] }], selectionMode: 'ALL' };
      const d = drill(oneAction('aws:network:disrupt-connectivity', 'Subnets', target, { duration: 'PT1M', scope }), MULTI_AZ);
      expect(d.text).toContain('sides: [ [ az-a ], [ az-b, az-c ] ]');
      const sides = d.events.find((e) => e.kind === 'fault-start')!.sides!;
      expect(sides[0]).toEqual(expect.arrayContaining(['db-1', 'client-1']));
      expect(sides[1]).not.toContain('db-1');
    });
  }

  it('aws:network:disrupt-connectivity (scope dynamodb) cuts the subnet\'s clients off from DynamoDB\'s routers', () => {
    const target = { resourceType: 'aws:ec2:subnet', resourceTags: READY, filters: [{ path: 'AvailabilityZone', values: ['az-a'] }], selectionMode: 'ALL' };
    const d = drill(oneAction('aws:network:disrupt-connectivity', 'Subnets', target, { duration: 'PT1M', scope: 'dynamodb' }), DYNAMO);
    const sides = d.events.find((e) => e.kind === 'fault-start')!.sides!;
    expect(sides[0]).toEqual(['client-1']);
    expect(sides[1].length).toBeGreaterThan(0);
    expect(sides[1].every((n) => n.startsWith('router'))).toBe(true);
    expect(d.result.summary.availability_write).toBeLessThan(1);
  });

  it('aws:ec2:stop-instances crashes the database host; the cluster detects it and fails over', () => {
    const d = drill(oneAction('aws:ec2:stop-instances', 'Instances', { resourceType: 'aws:ec2:instance', ...writerTag }, { startInstancesAfterDuration: 'PT1M' }), AURORA);
    expect(d.text).toMatch(/kind: crash\n\s+target: \{ node: instance-1 \}\n\s+for: 1m\n\s+disruption: Hardware/);
    expect(nodesWith(d, 'failure-detected')).toContain('instance-1');
    expect(nodesWith(d, 'promoted')).toHaveLength(1);
    expect(nodesWith(d, 'promoted')).not.toContain('instance-1');
  });

  it('aws:ebs:pause-volume-io pauses the RDS instance for the duration: writes stall, nothing fails over', () => {
    const d = drill(oneAction('aws:ebs:pause-volume-io', 'Volumes', { resourceType: 'aws:ec2:ebs-volume', ...writerTag }, { duration: 'PT3S' }), MULTI_AZ);
    expect(d.text).toMatch(/kind: pause\n\s+target: \{ node: db-1 \}\n\s+for: 3s/);
    const f = d.result.faults[0];
    expect(f.endUs! - f.startUs).toBe(3_000_000);
    expect(f.longestOutageUs!).toBeGreaterThan(0);
    expect(d.result.summary.availability_write).toBeLessThan(1);
    expect(nodesWith(d, 'promoted')).toEqual([]);
  });

  it('aws:fis:wait delays the actions that start after it by its duration', () => {
    const t = JSON.parse(oneAction('aws:rds:failover-db-cluster', 'Clusters', { resourceType: 'aws:rds:cluster', resourceTags: READY, selectionMode: 'ALL' }));
    t.actions.w = { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' }, startAfter: ['a'] };
    t.actions.b = { ...t.actions.a, startAfter: ['w'] };
    const d = drill(JSON.stringify(t), AURORA.replace('duration: 14s', 'duration: 1m20s'));
    const starts = d.events.filter((e) => e.kind === 'fault-start').map((e) => e.timeUs);
    expect(starts).toEqual([4_000_000, 64_000_000]);
    expect(nodesWith(d, 'promoted')).toHaveLength(2);
  });
});
