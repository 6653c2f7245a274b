// The source tree: lines of keys and list items, malformed YAML and JSON, duplicates, aliases.

import { describe, expect, it } from 'vitest';
import { ScenarioError } from './scenario-error.ts';
import { parentPath, parseSource } from './yaml-source.ts';

function error(text: string, file = 'x.yaml'): ScenarioError {
  try {
    parseSource(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error('expected a ScenarioError');
}

const TEXT = `# a comment
name: x
workload:
  rate: 10/s
faults:
  - at: 1m
    kind: crash
    target: { role: writer }
  - { at: 2m, kind: pause,
      target: { role: replica } }
`;

describe('scenario format', () => {
  describe('yaml source', () => {
    it('gives the line of every key and list item', () => {
      const doc = parseSource(TEXT, 'x.yaml');
      expect(doc.lineOf('name')).toBe(2);
      expect(doc.lineOf('workload.rate')).toBe(4);
      expect(doc.lineOf('faults')).toBe(5);
      expect(doc.lineOf('faults[0]')).toBe(6);
      expect(doc.lineOf('faults[0].target')).toBe(8);
      expect(doc.lineOf('faults[1]')).toBe(9);
      expect(doc.lineOf('faults[1].target')).toBe(10);
    });

    it('gives the line of the nearest enclosing key for a path that is not in the file', () => {
      const doc = parseSource(TEXT, 'x.yaml');
      expect(doc.lineOf('faults[1].target.index')).toBe(10);
      expect(doc.lineOf('workload.concurrency')).toBe(3);
      expect(doc.lineOf('engine.replicas')).toBe(1);
      expect(doc.lineOf('')).toBe(1);
    });

    it('walks paths up one level at a time', () => {
      expect(parentPath('faults[2].target.role')).toBe('faults[2].target');
      expect(parentPath('faults[2]')).toBe('faults');
      expect(parentPath('faults')).toBe('');
    });

    it('reads JSON with the lines of its keys', () => {
      const doc = parseSource('{\n  "name": "x",\n\t"workload": {\n    "rate": "10/s"\n  }\n}\n', 'x.json');
      expect(doc.lineOf('name')).toBe(2);
      expect(doc.lineOf('workload.rate')).toBe(4);
    });

    it('reports malformed YAML with its line', () => {
      const e = error('name: x\nworkload:\n  rate: [1, 2\nfaults: []\n');
      expect(e.file).toBe('x.yaml');
      expect(e.line).toBe(4);
      expect(e.field).toBe('syntax');
      expect(e.message).not.toContain('\n');
    });

    it('reports malformed JSON with its line', () => {
      const e = error('{\n  "name": "x",\n  "seed": 1\n  "duration": "1m"\n}\n', 'x.json');
      expect(e.file).toBe('x.json');
      expect(e.line).toBe(4);
      expect(e.field).toBe('syntax');
      expect(e.problem).toBe("Expected ',' or '}' after property value");
    });

    it('reports a duplicate key at its second occurrence', () => {
      const e = error('name: x\nworkload:\n  rate: 1/s\n  rate: 2/s\n');
      expect([e.line, e.field, e.problem]).toEqual([4, 'workload.rate', 'the key "rate" appears twice (first on line 3)']);
    });

    it('reports an alias that contains itself instead of looping', () => {
      const e = error('a: &x [1, *x]\n');
      expect(e.line).toBe(1);
      expect(e.problem).toMatch(/refers to a value that contains it/);
    });

    it('stops an alias bomb instead of hanging', () => {
      const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 9; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
      expect(error(lines.join('\n')).problem).toMatch(/aliases expand to more than/);
    });

    it('reports tags it does not know', () => {
      expect(error('name: !secret x\n').line).toBe(1);
    });

    it('stops at values nested too deep', () => {
      expect(error(`a: ${'['.repeat(100)}${']'.repeat(100)}\n`).problem).toMatch(/nested more than 64 levels/);
    });

    it('reads an empty file as no document', () => {
      expect(parseSource('# nothing\n', 'x.yaml').root).toBeNull();
    });

    it('keeps the text of plain numbers so a name like 2024 reads as written', () => {
      const root = parseSource('name: 0x10\n', 'x.yaml').root;
      expect(root?.kind === 'map' && root.entries[0].node).toMatchObject({ value: 16, raw: '0x10' });
    });
  });
});
