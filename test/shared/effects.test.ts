import { describe, expect, it } from 'vitest';
import { formatEffect } from '../../shared/effects.js';

describe('an effect as the entry page shows it', () => {
  it('colours fewer returns as better when lower is better, in percentage points', () => {
    const text = formatEffect({ before: 4.1, after: 2.3, unit: '%', better: 'lower' }, 'en');
    expect(text).toMatchObject({ before: '4.1', after: '2.3', change: '-1.8', points: true, relative: null, verdict: 'better' });
  });

  it('colours a fall as worse when higher is better, with the change relative to before', () => {
    const text = formatEffect({ before: 120, after: 90, unit: 't/shift', better: 'higher' }, 'en');
    expect(text).toMatchObject({ change: '-30', points: false, relative: '-25.0%', verdict: 'worse' });
  });

  it('does not call a change good or bad when nobody said which way is better', () => {
    expect(formatEffect({ before: 1, after: 2, unit: 'pcs', better: null }, 'en').verdict).toBe('unknown');
    expect(formatEffect({ before: 2, after: 2, unit: 'pcs', better: 'higher' }, 'en').verdict).toBe('unchanged');
    expect(formatEffect({ before: null, after: 2, unit: 'pcs', better: 'higher' }, 'en')).toMatchObject({ before: null, change: null, verdict: 'unknown' });
  });

  it('keeps one precision for before, after and change', () => {
    const text = formatEffect({ before: 12.25, after: 13, unit: 'kg', better: 'higher' }, 'en');
    expect(text).toMatchObject({ before: '12.25', after: '13.00', change: '+0.75' });
    expect(formatEffect({ before: 3, after: 5, unit: 'h', better: 'lower' }, 'en')).toMatchObject({ before: '3', after: '5', change: '+2', verdict: 'worse' });
  });

  it('uses the locale for decimal separators', () => {
    expect(formatEffect({ before: 4.1, after: 2.3, unit: '%', better: 'lower' }, 'ru')).toMatchObject({ before: '4,1', change: '-1,8' });
  });
});
