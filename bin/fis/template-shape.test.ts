import { describe, expect, it } from 'vitest';
import { FisError } from './fis-error.ts';
import { readTemplate } from './template-shape.ts';

function problems(t: unknown): string[] {
  try {
    readTemplate(JSON.stringify(t), 't.json');
    return [];
  } catch (e) {
    if (e instanceof FisError) return [...e.lines];
    throw e;
  }
}

const action = { actionId: 'aws:ec2:stop-instances', targets: { Instances: 'I' } };
const target = (extra: object) => ({ resourceType: 'aws:ec2:instance', selectionMode: 'ALL', ...extra });

describe('fis > template shape', () => {
  it('takes at most 5 ARNs in a target', () => {
    const arns = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:ec2:us-east-1:123456789012:instance/i-${i}`);
    expect(problems({ targets: { I: target({ resourceArns: arns(5) }) }, actions: { a: action } })).toEqual([]);
    expect(problems({ targets: { I: target({ resourceArns: arns(6) }) }, actions: { a: action } })).toEqual(['t.json: $.targets.I.resourceArns: 6 ARNs; a target takes at most 5']);
  });

  it('refuses a selection mode other than ALL, COUNT(n) and PERCENT(n)', () => {
    for (const [mode, msg] of [['SOME', /is not ALL/], ['PERCENT(0)', /outside 1-100/], ['COUNT(0)', /selects nothing/]] as const) {
      expect(problems({ targets: { I: target({ selectionMode: mode }) }, actions: { a: action } })).toEqual([expect.stringMatching(msg)]);
    }
  });

  it('names a key that needs brackets in its JSON path', () => {
    expect(problems({ actions: { 'my action': { ...action, targets: { Instances: 'nope' } } } })).toEqual([expect.stringContaining('$.actions["my action"].targets.Instances: unknown target "nope"')]);
  });

  it('refuses a template that is not JSON, or has no actions', () => {
    expect(problems('{')).toEqual([expect.stringMatching(/^t\.json: \$: /)]);
    expect(problems({ targets: {} })).toEqual(['t.json: $.actions: missing (a template needs at least one action)']);
  });
});
