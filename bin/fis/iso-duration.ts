// ISO-8601 durations as AWS FIS writes them in action parameters (`PT10M`, `PT1H30M`, `PT90S`,
// `P1D`). Models: days, hours, minutes and (fractional) seconds. Leaves out: years, months and
// weeks (their length depends on a calendar; FIS durations never need them).

const ISO = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const SECOND_US = 1_000_000;

/** Microseconds, or null when `text` is not an ISO-8601 duration of days/hours/minutes/seconds. */
export function parseIsoDuration(text: string): number | null {
  const m = ISO.exec(text);
  // "P" alone and "PT" with nothing after it match the pattern but name no duration.
  if (m === null || text === 'P' || text.endsWith('T')) return null;
  const [, d, h, min, s] = m;
  const seconds = Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3_600 + Number(min ?? 0) * 60 + Number(s ?? 0);
  return Math.round(seconds * SECOND_US);
}

/** The shortest ISO-8601 form of a whole number of milliseconds or more: PT1M30S, PT2H, PT0.5S. */
export function formatIsoDuration(us: number): string {
  if (us <= 0) return 'PT0S';
  let rest = us / SECOND_US;
  const h = Math.floor(rest / 3_600);
  rest -= h * 3_600;
  const m = Math.floor(rest / 60);
  rest -= m * 60;
  const s = Math.round(rest * 1000) / 1000;
  return `PT${h > 0 ? `${h}H` : ''}${m > 0 ? `${m}M` : ''}${s > 0 ? `${s}S` : ''}`;
}
