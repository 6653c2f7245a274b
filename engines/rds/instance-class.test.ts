import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadText } from '../../test/bundled.ts';
import { INSTANCE_CLASSES, instanceClass } from './instance-class.ts';

function single(cls: string): string {
  return `
name: class-${cls.replaceAll(".", "-")}
duration: 30s
warmup: 2s
engine:
  type: rds-single-az
  instance_class: ${cls}
  service: { workers: 8, time: { exponential: 1ms } }
workload:
  clients: 3
  rate: 1800/s
  mix: { write: 1 }
  timeout: 10s
`;
}

describe('rds > instance classes', () => {
  it('give one worker per vCPU: a large (2 vCPUs) near saturation queues far longer than an xlarge (4)', () => {
    const large = runScenario(loadText(single('db.r6g.large'))).summary;
    const xlarge = runScenario(loadText(single('db.r6g.xlarge'))).summary;
    // 1,800 writes/s at 1 ms each: utilisation 0.9 on 2 workers, 0.45 on 4; M/M/c response 5.3 ms
    // against 1.1 ms (Erlang C), the rest of a write's latency (network, log syncs) the same.
    const extraMs = (large.write_latency_ms_mean as number) - (xlarge.write_latency_ms_mean as number);
    expect(extraMs).toBeGreaterThan(3);
    expect(extraMs).toBeLessThan(5.5);
  });

  it('leave service.workers in charge when the class is custom', () => {
    const custom = runScenario(loadText(single('custom'))).summary;
    const xlarge2 = runScenario(loadText(single('db.r6g.2xlarge'))).summary;
    // custom keeps the 8 workers the file sets: the same as the 8-vCPU 2xlarge.
    expect(custom.write_latency_ms_mean).toBe(xlarge2.write_latency_ms_mean);
  });

  it('map sizes to vCPUs and know which families have local NVMe', () => {
    expect(instanceClass('db.r6gd.16xlarge')).toEqual({ vcpus: 64, localNvme: true });
    expect(instanceClass('db.m5.large')).toEqual({ vcpus: 2, localNvme: false });
    expect(instanceClass('custom')).toBeNull();
    expect(INSTANCE_CLASSES).toContain('db.m6gd.12xlarge');
  });

  it('refuse a class without local NVMe for a Multi-AZ DB cluster, naming the field', () => {
    const text = `
name: cluster-class
duration: 10s
engine:
  type: rds-multi-az-cluster
  instance_class: db.r6g.large
workload:
  clients: 3
  rate: 10/s
`;
    expect(() => loadText(text)).toThrow(/engine\.instance_class: a Multi-AZ DB cluster runs on classes with local NVMe storage .*not db\.r6g\.large/);
    expect(() => loadText(text.replace('db.r6g.large', 'db.r6gd.large'))).not.toThrow();
  });
});
