import type { BetterDirection } from './domain.js';
import type { Effect } from './schemas/entry.js';

/** A unit that is a share or an index in per cent ("%", "± %", "% of 1959 level", "percent"). */
export function isPercentUnit(unit: string): boolean {
  return /%|percent|процент/i.test(unit);
}

export interface EffectChange {
  /** after − before, in the indicator's unit (percentage points when the unit is a percentage); null when a value is missing. */
  change: number | null;
  /** The change signed so that an improvement is positive, whichever direction is better; null when the direction is not known. */
  improvement: number | null;
  /** True when the change is in percentage points (the unit is a percentage), not per cent of the value before. */
  percentagePoints: boolean;
  /** change / |before| for units that are not percentages; null otherwise (or when before is 0). */
  relative: number | null;
}

/** Twelve significant digits: 2.3 − 4.1 is −1.8, not −1.7999999999999998. */
const tidy = (n: number): number => Number(n.toPrecision(12));

/** How much a measured effect changed and whether that was for the better: one rule for the dashboard, the entry page and the CLI. */
export function effectChange(effect: { before: number | null; after: number | null; unit: string; better: BetterDirection | null }): EffectChange {
  const percentagePoints = isPercentUnit(effect.unit);
  if (effect.before === null || effect.after === null) return { change: null, improvement: null, percentagePoints, relative: null };
  const change = tidy(effect.after - effect.before);
  const improvement = effect.better === null ? null : effect.better === 'higher' ? change : tidy(-change);
  const relative = percentagePoints || effect.before === 0 ? null : tidy(change / Math.abs(effect.before));
  return { change, improvement: improvement === 0 ? 0 : improvement, percentagePoints, relative };
}

/** Digits after the decimal point a value was written with (2.30 arrives as 2.3: one), at most four. */
export function decimalsOf(value: number): number {
  const text = String(Number(value.toPrecision(12)));
  if (/e/i.test(text)) return 0;
  const point = text.indexOf('.');
  return point < 0 ? 0 : Math.min(4, text.length - point - 1);
}

/** One precision for an effect's before, after and change: the finer of the two measurements. */
export function effectPrecision(effect: { before: number | null; after: number | null }): number {
  return Math.max(effect.before === null ? 0 : decimalsOf(effect.before), effect.after === null ? 0 : decimalsOf(effect.after));
}

export type EffectVerdict = 'better' | 'worse' | 'unchanged' | 'unknown';

/** Whether the change was for the better: the colour of an effect, never the sign of its change. */
export function effectVerdict(change: EffectChange): EffectVerdict {
  if (change.change === null) return 'unknown';
  if (change.change === 0) return 'unchanged';
  if (change.improvement === null) return 'unknown';
  return change.improvement > 0 ? 'better' : 'worse';
}

/** An effect's numbers as the entry page shows them, all at one precision. */
export interface EffectText {
  before: string | null;
  after: string | null;
  /** "−1.8" (the unit or "p.p." goes beside it); null when a value is missing. */
  change: string | null;
  /** True when the change is in percentage points, so the page says "p.p." rather than the unit. */
  points: boolean;
  /** "−43.9 %" of the value before, for units that are not percentages. */
  relative: string | null;
  verdict: EffectVerdict;
}

export function formatEffect(effect: Pick<Effect, 'before' | 'after' | 'unit' | 'better'>, locale: string): EffectText {
  const digits = effectPrecision(effect);
  const plain = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const signed = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, signDisplay: 'exceptZero' });
  const change = effectChange(effect);
  return {
    before: effect.before === null ? null : plain.format(effect.before),
    after: effect.after === null ? null : plain.format(effect.after),
    change: change.change === null ? null : signed.format(change.change),
    points: change.percentagePoints,
    relative:
      change.relative === null
        ? null
        : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1, minimumFractionDigits: 1, signDisplay: 'exceptZero' }).format(
            change.relative,
          ),
    verdict: effectVerdict(change),
  };
}
