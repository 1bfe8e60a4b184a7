import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Effect } from '../../../../shared/schemas/entry.js';
import { Data } from '../../components/common.js';
import { formatEffect } from '../../../../shared/effects.js';

const VERDICT_KEY = { better: 'verdictBetter', worse: 'verdictWorse', unchanged: 'verdictUnchanged', unknown: 'verdictUnknown' } as const;

/**
 * An adoption's measured effects. The change is coloured by whether it was an improvement,
 * given which way is better for that indicator, never by its sign; a percentage's change is
 * in percentage points.
 */
export function EffectsTable({ effects }: { effects: Effect[] }): ReactNode {
  const { t, i18n } = useTranslation();
  return (
    <table className="effects">
      <thead>
        <tr>
          <th scope="col">{t('adoptions.indicator')}</th>
          <th scope="col" className="number">
            {t('adoptions.before')}
          </th>
          <th scope="col" className="number">
            {t('adoptions.after')}
          </th>
          <th scope="col" className="number">
            {t('adoptions.change')}
          </th>
          <th scope="col">{t('adoptions.period')}</th>
        </tr>
      </thead>
      <tbody>
        {effects.map((effect, i) => {
          const text = formatEffect(effect, i18n.language);
          const unit = effect.unit ? (
            <>
              {' '}
              <Data>{effect.unit}</Data>
            </>
          ) : null;
          return (
            <tr key={i}>
              <th scope="row">
                <Data>{effect.indicator}</Data>
                {effect.note && (
                  <small className="muted effect-note">
                    {' '}
                    <Data>{effect.note}</Data>
                  </small>
                )}
              </th>
              <td className="number">
                {text.before === null ? (
                  '—'
                ) : (
                  <>
                    {text.before}
                    {unit}
                  </>
                )}
              </td>
              <td className="number">
                {text.after === null ? (
                  '—'
                ) : (
                  <>
                    {text.after}
                    {unit}
                  </>
                )}
              </td>
              <td className={`number change ${text.verdict}`} data-verdict={text.verdict}>
                {text.change === null ? (
                  '—'
                ) : (
                  <>
                    {text.change}
                    {text.points ? ` ${t('adoptions.points')}` : unit}
                    {text.relative !== null && <span className="muted"> ({text.relative})</span>}
                    <span className="visually-hidden"> — {t(`adoptions.${VERDICT_KEY[text.verdict]}`)}</span>
                  </>
                )}
              </td>
              <td>{effect.period ? <Data>{effect.period}</Data> : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
