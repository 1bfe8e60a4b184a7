// Pure arithmetic of bench:exchange's printed figures, kept apart so it can be tested.

/** One standard run's timings in seconds. */
export interface RunTiming {
  exportSeconds: number;
  importSeconds: number;
  baselineSeconds: number;
}

/** The middle value (the mean of the two middle ones for an even count): one run on a shared machine varies by ±15 %. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('The median of no values is undefined.');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** A rate as printed: whole units per second. */
export function perSecond(count: number, seconds: number): string {
  if (!(seconds > 0)) return 'n/a';
  return Math.round(count / seconds).toLocaleString('en-US');
}
