// A progress line on stderr while a run is long enough to wonder about, on a TTY only (never in
// pipes, CI logs or tests). It is the one place a run reads the wall clock, and only to decide
// when to redraw: nothing it reads reaches the simulation.

export class Progress {
  private readonly enabled = process.stderr.isTTY === true;
  private readonly startMs = Date.now();
  private lastDrawMs = 0;
  private drawn = false;

  constructor(private readonly label: string) {}

  update(fraction: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.startMs < 1000 || now - this.lastDrawMs < 200) return;
    this.lastDrawMs = now;
    const elapsed = (now - this.startMs) / 1000;
    const eta = fraction > 0 ? (elapsed * (1 - fraction)) / fraction : 0;
    const width = 30;
    const full = Math.round(fraction * width);
    process.stderr.write(`\r${this.label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${(fraction * 100).toFixed(0)}% eta ${eta.toFixed(0)}s `);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) process.stderr.write('\r\x1b[K');
    this.drawn = false;
  }
}
