// How clients reach the writer after a writer crash (client_path, sim/client-path.ts): through the
// cluster endpoint's DNS name, through an RDS Proxy that probes the instances itself, or with a
// topology-aware driver that polls the instances once its connection breaks. The proxy and the
// driver find the promoted writer without waiting for the DNS record to move and the clients'
// cached answers to expire (REFERENCE-FIGURES.md A34), so the clients' write outage is shorter.
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../scenarios/run.ts';
import { loadBundled, withOptions, withRate } from '../../test/bundled.ts';
import type { SimEvent } from '../../sim/event-log.ts';

const seeds = [1, 2, 3, 4, 5, 6];

function run(path: string, seed: number) {
  const events: SimEvent[] = [];
  const s = withOptions(withRate(loadBundled('aurora-writer-crash', seed), 200), { client_path: path });
  const summary = runScenario(s, { sinks: { event: (e) => events.push(e) } }).summary;
  return { summary, events };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('aurora > client path', () => {
  const dns = seeds.map((seed) => run('dns', seed));
  const proxy = seeds.map((seed) => run('rds-proxy', seed));
  const smart = seeds.map((seed) => run('topology-aware', seed));
  const outage = (rs: typeof dns) => rs.map((r) => r.summary.write_outage_s as number);

  it('shortens the write outage of a writer crash behind an RDS Proxy, seed by seed on average', () => {
    const [d, p] = [outage(dns), outage(proxy)];
    expect(mean(p)).toBeLessThan(mean(d) - 1.5);
    expect(p.filter((x, i) => x < d[i]).length).toBeGreaterThanOrEqual(5);
  });

  it('has the proxy forward to the promoted writer before the cluster endpoint moves to it', () => {
    for (const { events } of proxy) {
      const promoted = events.find((e) => e.kind === 'promoted')!;
      const repointed = events.filter((e) => e.kind === 'proxy-writer' && (e.detail ?? '').includes(promoted.node!) && e.timeUs >= promoted.timeUs);
      const dnsMoved = events.find((e) => e.kind === 'dns-updated' && e.timeUs > promoted.timeUs)!;
      // One proxy per AZ, each found the new writer itself, within a probe interval of the promotion.
      expect(repointed.length).toBe(3);
      for (const e of repointed) expect(e.timeUs).toBeLessThan(dnsMoved.timeUs);
      for (const e of repointed) expect(e.timeUs - promoted.timeUs).toBeLessThanOrEqual(1_100_000);
    }
  });

  it('keeps client connections to the proxy through the failover: requests wait or time out, none is refused', () => {
    for (const { summary } of proxy) expect(summary.ops_failed).toBe(0);
    for (const { summary } of dns) expect(summary.ops_failed as number).toBeGreaterThan(0);
  });

  it('shortens the write outage with a topology-aware driver that connects to the new writer directly', () => {
    expect(mean(outage(smart))).toBeLessThan(mean(outage(dns)) - 0.5);
  });

  it('loses no acknowledged write and stays linearizable on every path', () => {
    for (const { summary } of [...dns, ...proxy, ...smart]) {
      expect(summary.lost_writes).toBe(0);
      expect(summary.linearizable).toBe(true);
    }
  });
});
