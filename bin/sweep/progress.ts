// A sweep's progress bar on stderr, with an ETA: on a TTY only (never in pipes, CI logs or tests),
// drawn after the first second and at most five times a second. The ETA is the pace since the
// first update (the first worker ready, so worker start-up does not count) applied to what is
// left. Wall time is read here for the bar alone; nothing it reads reaches a run or a file.

export class SweepProgress {
  private readonly enabled: boolean;
  private readonly startMs = Date.now();
  private lastDrawMs = 0;
  private firstUpdateMs: number | null = null;
  private drawn = false;

  constructor(
    private readonly label: string,
    stream: { isTTY?: boolean } = process.stderr,
  ) {
    this.enabled = stream.isTTY === true;
  }

  /** The bar's text for `done` of `total` after `elapsedS` seconds (exported for tests). */
  static line(label: string, done: number, total: number, elapsedS: number): string {
    const fraction = total === 0 ? 1 : done / total;
    const width = 30;
    const full = Math.round(fraction * width);
    const eta = done > 0 ? formatSeconds((elapsedS * (total - done)) / done) : '?';
    return `${label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${done}/${total} ${(fraction * 100).toFixed(0)}% eta ${eta}`;
  }

  update(done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    this.firstUpdateMs ??= now;
    if (now - this.startMs < 1000 || (now - this.lastDrawMs < 200 && done < total)) return;
    this.lastDrawMs = now;
    process.stderr.write(`\r${SweepProgress.line(this.label, done, total, (now - this.firstUpdateMs) / 1000)} \x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) process.stderr.write('\r\x1b[K');
    this.drawn = false;
  }
}

export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
