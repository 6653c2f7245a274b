import { describe, expect, it } from 'vitest';
import { HistoryFormatError } from './history-format-error.ts';
import { parseHistoryJsonl } from './parse-jsonl.ts';

function errorOf(text: string): HistoryFormatError {
  try {
    parseHistoryJsonl(text, 'h.jsonl');
  } catch (e) {
    if (e instanceof HistoryFormatError) return e;
    throw e;
  }
  throw new Error('expected a HistoryFormatError');
}

const invokeRead = '{"process":1,"type":"invoke","f":"read","value":null}';

describe('linearizability > parsing JSONL', () => {
  it('parses events in order and keeps unknown fields', () => {
    const events = parseHistoryJsonl(
      [
        '{"process":3,"type":"invoke","f":"write","key":"k42","value":17,"time_us":5,"client":"c1"}',
        '',
        '{"process":3,"type":"ok","f":"write","key":"k42","value":17,"time_us":9}',
      ].join('\n'),
    );
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ process: 3, type: 'invoke', f: 'write', key: 'k42', value: 17, time_us: 5 });
    expect((events[0] as unknown as Record<string, unknown>).client).toBe('c1');
  });

  it('accepts CRLF line ends and a missing final newline', () => {
    expect(parseHistoryJsonl(`${invokeRead}\r\n${invokeRead.replace('1', '2')}`)).toHaveLength(2);
  });

  it('names the line and "json" for text that is not JSON', () => {
    const e = errorOf(`${invokeRead}\n{"process":2,`);
    expect([e.line, e.field, e.file]).toEqual([2, 'json', 'h.jsonl']);
    expect(e.message).toMatch(/^h\.jsonl:2: json: /);
  });

  it('counts blank lines when naming a line', () => {
    expect(errorOf(`\n\n${invokeRead}\n[1]`).line).toBe(4);
  });

  it.each([
    ['a process that is not an integer', '{"process":"1","type":"invoke","f":"read","value":null}', 'process'],
    ['a fractional process', '{"process":1.5,"type":"invoke","f":"read","value":null}', 'process'],
    ['an unknown type', '{"process":1,"type":"done","f":"read","value":null}', 'type'],
    ['an unknown f', '{"process":1,"type":"invoke","f":"delete","value":null}', 'f'],
    ['a numeric key', '{"process":1,"type":"invoke","f":"read","key":5,"value":null}', 'key'],
    ['a kv op without a key', '{"process":1,"type":"invoke","f":"get","value":null}', 'key'],
    ['a write without a value', '{"process":1,"type":"invoke","f":"write"}', 'value'],
    ['a cas that is not a pair', '{"process":1,"type":"invoke","f":"cas","value":[1]}', 'value'],
    ['an ok get that is not a string', '{"process":1,"type":"ok","f":"get","key":"a","value":3}', 'value'],
    ['an append of a number', '{"process":1,"type":"invoke","f":"append","key":"a","value":3}', 'value'],
    ['a read invoked with a value', '{"process":1,"type":"invoke","f":"read","value":4}', 'value'],
    ['an array instead of an object', '[1,2]', 'json'],
  ])('rejects %s, naming the field', (_what, line, field) => {
    const e = errorOf(line);
    expect([e.line, e.field]).toEqual([1, field]);
  });

  it('rejects a completion with no operation in flight, at the completion line', () => {
    const e = errorOf(`${invokeRead}\n{"process":2,"type":"ok","f":"read","value":1}`);
    expect([e.line, e.field]).toEqual([2, 'process']);
  });

  it('rejects a second invocation while the first is in flight', () => {
    const e = errorOf(`${invokeRead}\n${invokeRead}`);
    expect([e.line, e.field]).toEqual([2, 'process']);
    expect(e.message).toContain('line 1');
  });

  it('rejects a completion of another f, key or argument', () => {
    expect(errorOf(`${invokeRead}\n{"process":1,"type":"ok","f":"write","value":1}`).field).toBe('f');
    const write = '{"process":1,"type":"invoke","f":"write","key":"a","value":1}';
    expect(errorOf(`${write}\n{"process":1,"type":"ok","f":"write","key":"b","value":1}`).field).toBe('key');
    expect(errorOf(`${write}\n{"process":1,"type":"ok","f":"write","key":"a","value":2}`).field).toBe('value');
  });

  it('accepts an invocation left open at the end', () => {
    expect(parseHistoryJsonl(invokeRead)).toHaveLength(1);
  });
});
