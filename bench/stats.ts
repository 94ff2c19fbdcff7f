/** The few statistics the benchmark reports. Figures are described, never asserted. */

/** The p-th percentile (nearest rank) of `values`, to 0.1. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Number((sorted[Math.max(0, index)] ?? Number.NaN).toFixed(1));
}

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** Median (the middle run of an odd count, the mean of the two middle ones otherwise), min and max, to 0.1. */
export function spreadOf(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)] : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
  const round = (value: number | undefined) => Number((value ?? Number.NaN).toFixed(1));
  return { median: round(median), min: round(sorted[0]), max: round(sorted.at(-1)) };
}
