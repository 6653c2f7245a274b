// The documented capacity examples (REFERENCE-FIGURES.md C #46-#48, #51, note N3).
import { describe, expect, it } from 'vitest';
import { partitionsNeeded, readUnits, writeUnits } from './capacity-math.ts';

const KB = 1024;
const GB = 1024 ** 3;
const limits = { maxRcu: 3000, maxWcu: 1000, maxSizeBytes: 10 * GB };

describe('dynamodb > capacity', () => {
  it('charges an 8 KB item 2 RCU strong, 1 RCU eventual and 4 RCU transactional', () => {
    expect(readUnits(8 * KB, 'strong')).toBe(2);
    expect(readUnits(8 * KB, 'eventual')).toBe(1);
    expect(readUnits(8 * KB, 'transactional')).toBe(4);
  });

  it('rounds a 3.5 KB read up to 4 KB, and a 10 KB read up to 12 KB', () => {
    expect(readUnits(3.5 * KB, 'strong')).toBe(1);
    expect(readUnits(3.5 * KB, 'eventual')).toBe(0.5);
    expect(readUnits(3.5 * KB, 'transactional')).toBe(2);
    expect(readUnits(10 * KB, 'strong')).toBe(3);
    expect(readUnits(10 * KB, 'eventual')).toBe(1.5);
    // 80 reads/s of 3 KB items need 80 RCU (the provisioning example).
    expect(80 * readUnits(3 * KB, 'strong')).toBe(80);
  });

  it('charges a 1.6 KB write 2 WCU, a 500 B write 1 WCU and a 2 KB transactional write 4 WCU', () => {
    expect(writeUnits(1.6 * KB)).toBe(2);
    expect(writeUnits(500)).toBe(1);
    expect(writeUnits(500, true)).toBe(2);
    expect(writeUnits(2 * KB)).toBe(2);
    expect(writeUnits(2 * KB, true)).toBe(4);
    // 100 writes/s of 512 B need 100 WCU; one transaction/s writing three 500 B items needs 6.
    expect(100 * writeUnits(512)).toBe(100);
    expect(3 * writeUnits(500, true)).toBe(6);
  });

  it('keeps test sizes away from the unit boundaries it rounds at (1 KB = 1024 B)', () => {
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
    expect(readUnits(4096, 'strong')).toBe(1);
    expect(readUnits(4097, 'strong')).toBe(2);
  });

  it('gives a table as many partitions as its busiest limit needs, reads and writes counted apart', () => {
    // 3200 WCU: 4 partitions of 800 (the paper's example, #44).
    expect(partitionsNeeded(0, 3200, 0, limits)).toBe(4);
    expect(partitionsNeeded(1000, 500, 0, limits)).toBe(1);
    expect(partitionsNeeded(6000, 2000, 0, limits)).toBe(2);
    expect(partitionsNeeded(12000, 1000, 0, limits)).toBe(4);
    expect(partitionsNeeded(100, 100, 25 * GB, limits)).toBe(3);
  });
});
