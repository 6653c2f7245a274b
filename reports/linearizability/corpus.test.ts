// Every history of the external corpus (shared/histories, a sibling of the repository root),
// checked with the semantics its manifest entry names, against the verdict the peer project's
// own tests assert. Skipped, with a note naming the folders looked at, when the corpus is absent
// (it is not part of the repository).

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkHistory } from './check-history.ts';
import { parseHistoryJsonl } from './parse-jsonl.ts';
import type { CheckOptions, SemanticsName } from './semantics.ts';
import { historiesDir } from '../../test/shared-dir.ts';

interface ManifestFile {
  readonly path: string;
  readonly model: 'register' | 'kv-append';
  readonly semantics: SemanticsName;
  readonly initialValue: unknown;
  readonly linearizable: boolean;
  readonly operations: number;
}

const corpus = historiesDir();
const manifestPath = corpus === null ? '' : path.join(corpus, 'manifest.json');
const manifest = (corpus !== null && existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : { files: [] }) as { files: ManifestFile[] };

describe.skipIf(corpus === null)('linearizability > corpus', () => {
  it('lists all 228 histories, 139 linearizable and 89 not', () => {
    expect(manifest.files).toHaveLength(228);
    expect(manifest.files.filter((f) => f.linearizable)).toHaveLength(139);
  });

  it.each(manifest.files.map((f) => [f.path, f] as const))('gives the asserted verdict for %s', (_path, entry) => {
    const events = parseHistoryJsonl(readFileSync(path.join(corpus ?? "", entry.path), 'utf8'), entry.path);
    const result = checkHistory(events, {
      semantics: entry.semantics,
      initialValue: entry.initialValue,
      model: entry.model === 'kv-append' ? 'kv' : 'register',
    });
    expect(result.ops).toBe(entry.operations);
    expect(result.linearizable).toBe(entry.linearizable);
    if (result.linearizable === false) {
      // The failing window must fail on its own, with the same semantics.
      const alone = checkHistory(result.violation!.events, {
        semantics: entry.semantics,
        initialValue: entry.initialValue,
        model: entry.model === 'kv-append' ? 'kv' : 'register',
        shrink: false,
      });
      expect(alone.linearizable).toBe(false);
    }
  });

  // The corpus README reports how other readings change verdicts, measured with an independent
  // checker; reproducing those counts shows each option does what it says.
  const wrongVerdicts = (only: SemanticsName | 'all', options: (f: ManifestFile) => CheckOptions): number => {
    let wrong = 0;
    for (const entry of manifest.files) {
      if (only !== 'all' && entry.semantics !== only) continue;
      const events = parseHistoryJsonl(readFileSync(path.join(corpus ?? "", entry.path), 'utf8'));
      const verdict = checkHistory(events, { ...options(entry), shrink: false }).linearizable;
      if (verdict !== entry.linearizable) wrong++;
    }
    return wrong;
  };

  it('gives every verdict under the uniform Jepsen reading too', () => {
    const uniform = (f: ManifestFile): CheckOptions =>
      f.model === 'kv-append'
        ? { model: 'kv', initialValue: '' }
        : { model: 'register', initialValue: null, nullRead: 'unconstrained', failedCasObservedMismatch: false };
    expect(wrongVerdicts('all', uniform)).toBe(0);
  });

  it('turns 36 Knossos verdicts when a failed cas counts as an observed mismatch', () => {
    expect(wrongVerdicts('knossos-cas-register', () => ({ semantics: 'knossos-cas-register', failedCasObservedMismatch: true }))).toBe(36);
  });

  it('turns 89 Knossos verdicts when a null read means the value null', () => {
    expect(wrongVerdicts('knossos-cas-register', () => ({ semantics: 'knossos-cas-register', nullRead: 'initial' }))).toBe(89);
  });
});
