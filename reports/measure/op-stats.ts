// Operation counts and client-observed latency over the measurement window (operations invoked
// at or after the warm-up), per kind: invoked, ok, failed, unknown (info), and latency of the ok
// ones from invocation to completion, retries included.

import { Histogram } from '../histogram.ts';

export class KindStats {
  invoked = 0;
  ok = 0;
  failed = 0;
  unknown = 0;
  readonly latencyMs = new Histogram();

  get availability(): number | null {
    return this.invoked === 0 ? null : this.ok / this.invoked;
  }
}

export class OpStats {
  readonly read = new KindStats();
  readonly write = new KindStats();

  of(kind: 'read' | 'write'): KindStats {
    return kind === 'read' ? this.read : this.write;
  }

  get invoked(): number {
    return this.read.invoked + this.write.invoked;
  }

  get ok(): number {
    return this.read.ok + this.write.ok;
  }
}
