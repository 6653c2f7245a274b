import { describe, expect, it } from 'vitest';
import { defaultDisruption } from './disruption-type.ts';

const azs = ['az-a', 'az-b', 'az-c'];

describe('reports', () => {
  describe('default disruption type of a fault', () => {
    it('calls process faults and operator failovers Software', () => {
      expect(defaultDisruption({ kind: 'crash', atUs: 0, target: { role: 'writer' } }, azs)).toBe('Software');
      expect(defaultDisruption({ kind: 'restart', atUs: 0, target: { role: 'writer' } }, azs)).toBe('Software');
      expect(defaultDisruption({ kind: 'failover', atUs: 0, target: { role: 'writer' } }, azs)).toBe('Software');
    });

    it('calls an AZ outage, and a network fault between whole AZs, AZ', () => {
      expect(defaultDisruption({ kind: 'az-outage', atUs: 0, az: 'az-a' }, azs)).toBe('AZ');
      expect(defaultDisruption({ kind: 'partition', atUs: 0, sides: [['az-a'], ['az-b', { az: 'az-c' }]], oneWay: false }, azs)).toBe('AZ');
    });

    it('calls a network fault on particular nodes Hardware', () => {
      expect(defaultDisruption({ kind: 'partition', atUs: 0, sides: [['db-1'], ['az-b']], oneWay: false }, azs)).toBe('Hardware');
      expect(defaultDisruption({ kind: 'loss', atUs: 0, between: [[{ role: 'writer' }], ['az-b']], probability: 0.5 }, azs)).toBe('Hardware');
    });

    it('calls a region outage and a region partition Region', () => {
      expect(defaultDisruption({ kind: 'region-outage', atUs: 0, region: 'r2', azs: ['az-c'], home: false }, azs)).toBe('Region');
      expect(defaultDisruption({ kind: 'region-partition', atUs: 0, regions: ['r1', 'r2'], azs: [['az-a', 'az-b'], ['az-c']], oneWay: false }, azs)).toBe('Region');
    });
  });
});
