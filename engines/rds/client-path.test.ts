// How clients reach the writer of an RDS Multi-AZ DB cluster after a writer crash (client_path,
// sim/client-path.ts): the writer endpoint's DNS name, an RDS Proxy that probes the instances, or
// a topology-aware driver. The proxy and the driver skip DNS propagation and the clients' cached
// answers, so writes come back sooner; a topology-aware driver needs a cluster topology.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled, loadText, withOptions, withRate } from '../../test/bundled.ts';

const seeds = [1, 2, 3, 4, 5, 6];
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const outages = (path: string) => seeds.map((seed) => runScenario(withOptions(withRate(loadBundled('rds-cluster-writer-crash', seed), 200), { client_path: path })).summary);

describe('rds > client path', () => {
  const dns = outages('dns');
  const proxy = outages('rds-proxy');
  const smart = outages('topology-aware');
  const w = (rs: typeof dns) => rs.map((r) => r.write_outage_s as number);

  it('shortens the write outage of a writer crash behind an RDS Proxy', () => {
    expect(mean(w(proxy))).toBeLessThan(mean(w(dns)) - 1.5);
  });

  it('shortens the write outage with a topology-aware driver', () => {
    expect(mean(w(smart))).toBeLessThan(mean(w(dns)) - 0.5);
  });

  it('loses no acknowledged write and stays linearizable behind the proxy and with the driver', () => {
    for (const r of [...proxy, ...smart]) {
      expect(r.lost_writes).toBe(0);
      expect(r.linearizable).toBe(true);
    }
  });

  it('refuses a topology-aware driver on a Multi-AZ DB instance, which has no cluster topology', () => {
    const text = (type: string) => `name: t\nduration: 10s\nengine:\n  type: ${type}\n  client_path: topology-aware\nworkload:\n  clients: 1\n  rate: 10/s\n`;
    expect(() => loadText(text('rds-multi-az'))).toThrow(/client_path.*topology-aware needs a cluster topology/);
    expect(() => loadText(text('rds-multi-az-cluster'))).not.toThrow();
  });

  it('adds one proxy node per AZ, which a fault can target by role', () => {
    const text = `name: t\nduration: 20s\nengine:\n  type: rds-multi-az\n  client_path: rds-proxy\nworkload:\n  clients: 3\n  rate: 50/s\nfaults:\n  - { at: 5s, kind: crash, target: { role: proxy, az: az-a } }\n`;
    const r = runScenario(loadText(text)).summary;
    // The clients of az-a lose their proxy (they time out); the others keep writing.
    expect(r.availability_write as number).toBeLessThan(0.9);
    expect(r.availability_write as number).toBeGreaterThan(0.5);
  });
});
