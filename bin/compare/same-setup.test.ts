import { describe, expect, it } from 'vitest';
import { loadBundled } from '../../test/bundled.ts';
import { firstDifference, setupDifference } from './same-setup.ts';

describe('same setup', () => {
  it('finds no difference between two scenarios that differ only in their engine', () => {
    const a = loadBundled('rds-multi-az-writer-crash');
    const b = { ...a, name: 'other', engine: { type: 'aurora', options: {} }, expect: [] };
    expect(setupDifference(a, b)).toBeNull();
  });

  it('names the first field of the workload or the faults that differs', () => {
    const a = loadBundled('rds-multi-az-writer-crash');
    const aurora = loadBundled('aurora-writer-crash');
    // The bundled Aurora crash lasts for good, the Multi-AZ one 30 s: not the same fault.
    expect(setupDifference(a, aurora)).toMatch(/^faults/);
    expect(setupDifference(a, { ...a, workload: { ...a.workload, keyCount: 7 } })).toBe('workload.keyCount');
  });

  it('says when lists differ in length', () => {
    expect(firstDifference({ f: [1] }, { f: [1, 2] })).toBe('f (1 entries vs 2)');
  });
});
