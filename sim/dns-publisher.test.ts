import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.ts';
import { SimNode } from './node.ts';
import { DnsZone } from './dns.ts';
import { DnsPublisher } from './dns-publisher.ts';

function setup() {
  const s = new Scheduler();
  const node = (name: string) => new SimNode(s, name, 'az-a', []);
  const control = node('control');
  const [w1, w2, r1] = [node('w1'), node('w2'), node('r1')];
  const topo = { writer: w1 as SimNode | null, readers: [r1] };
  const zone = new DnsZone();
  const events: string[] = [];
  const pub = new DnsPublisher(
    zone,
    control,
    { writer: 'db-writer', reader: 'db-reader' },
    5_000_000,
    { writer: () => topo.writer, readers: () => topo.readers, describe: (w, readers) => `${w?.name ?? 'none'} / ${readers.map((n) => n.name).join(' ')}` },
    (kind, n, detail) => events.push(`${s.now} ${kind} ${n} ${detail}`),
  );
  const names = (name: string) => zone.get(name)?.targets.map((t) => t.name);
  return { s, topo, zone, pub, events, names, w2 };
}

describe('sim', () => {
  describe('dns publisher', () => {
    it('publishes both names at once, unannounced, when there is no delay', () => {
      const { pub, events, names, zone } = setup();
      pub.publish(0);
      expect(names('db-writer')).toEqual(['w1']);
      expect(names('db-reader')).toEqual(['r1']);
      expect(zone.get('db-writer')?.ttlUs).toBe(5_000_000);
      expect(events).toEqual([]);
    });

    it('reads the topology when a delayed update lands, and announces it', () => {
      const { s, topo, pub, events, names, w2 } = setup();
      pub.publish(0);
      pub.publish(2_000_000);
      topo.writer = w2; // the failover finishes while the update propagates
      s.runUntil(1_999_999);
      expect(names('db-writer')).toEqual(['w1']);
      s.runUntil(3_000_000);
      expect(names('db-writer')).toEqual(['w2']);
      expect(events).toEqual(['2000000 dns-updated w2 w2 / r1']);
    });

    it('points the reader name at the writer when there is no reader, and keeps the writer record when there is no writer', () => {
      const { topo, pub, names } = setup();
      pub.publish(0);
      topo.readers = [];
      pub.publish(0);
      expect(names('db-reader')).toEqual(['w1']);
      topo.writer = null;
      pub.publish(0);
      expect(names('db-writer')).toEqual(['w1']);
      expect(names('db-reader')).toEqual([]);
    });
  });
});
