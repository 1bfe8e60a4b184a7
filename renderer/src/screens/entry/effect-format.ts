import { effectChange, effectPrecision, effectVerdict, type EffectVerdict } from '../../../../shared/effects.js';
import type { Effect } from '../../../../shared/schemas/entry.js';

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
        : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1, minimumFractionDigits: 1, signDisplay: 'exceptZero' }).format(change.relative),
    verdict: effectVerdict(change),
  };
}
