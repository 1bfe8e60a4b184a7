import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ENTRY_KINDS } from '../../../shared/domain.js';
import { effectChange, formatEffect } from '../../../shared/effects.js';
import { useCatalogueChanged } from '../app/undo.js';
import { useCall } from '../app/use-call.js';
import { Data, ErrorMessage, Loading, formatDate } from '../components/common.js';
import { NetworkGraph } from '../components/NetworkGraph.js';
import { hrefFor } from '../app/router.js';

const KIND_COLOURS: Record<(typeof ENTRY_KINDS)[number], string> = { proposal: '#3b82f6', invention: '#f59e0b', method: '#10b981' };

export function Dashboard(): ReactNode {
  const { t, i18n } = useTranslation();
  const { data, error, reload } = useCall('catalogue.dashboard', {});
  // An undone curation change (a merge of enterprises, a deletion) changes the counts and the network.
  useCatalogueChanged(reload);
  const perYear = useMemo(() => {
    const byYear = new Map<number, Record<string, number>>();
    for (const row of data?.perYear ?? []) {
      const bucket = byYear.get(row.year) ?? { year: row.year };
      bucket[row.kind] = row.count;
      byYear.set(row.year, bucket);
    }
    return [...byYear.values()];
  }, [data]);
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const locale = i18n.language;
  return (
    <div className="dashboard">
      <h1>{t('dashboard.title')}</h1>
      <section aria-labelledby="per-year">
        <h2 id="per-year">{t('dashboard.perYear')}</h2>
        {perYear.length === 0 ? (
          <p className="muted">{t('dashboard.noData')}</p>
        ) : (
          <div className="chart">
            <ResponsiveContainer width="100%" height={280}>
              <BarChart data={perYear}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="year" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                {ENTRY_KINDS.map((kind) => (
                  <Bar key={kind} dataKey={kind} name={t(`kinds.${kind}`)} stackId="kinds" fill={KIND_COLOURS[kind]} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
            {/* Our own legend: recharts' names its icons in English ("… legend icon"). */}
            <ul className="chart-legend">
              {ENTRY_KINDS.map((kind) => (
                <li key={kind}>
                  <span className="swatch" style={{ background: KIND_COLOURS[kind] }} aria-hidden="true" /> {t(`kinds.${kind}`)}
                </li>
              ))}
            </ul>
          </div>
        )}
      </section>
      <section aria-labelledby="effects">
        <h2 id="effects">{t('dashboard.effects')}</h2>
        {data.effects.length === 0 ? (
          <p className="muted">{t('dashboard.noData')}</p>
        ) : (
          <table className="table dashboard-effects">
            <thead>
              <tr>
                <th scope="col">{t('fields.title')}</th>
                <th scope="col">{t('adoptions.enterprise')}</th>
                <th scope="col">{t('adoptions.date')}</th>
                <th scope="col">{t('adoptions.indicator')}</th>
                <th scope="col" className="number">
                  {t('adoptions.change')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('adoptions.change')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.effects.map((e, i) => {
                // One rule with the entry page: coloured by whether it improved, percentages in points.
                const text = formatEffect(e, locale);
                const size = effectChange(e);
                const share =
                  size.relative !== null ? Math.abs(size.relative) * 100 : size.percentagePoints && size.change !== null ? Math.abs(size.change) : null;
                return (
                  <tr key={i}>
                    <td>
                      <a href={hrefFor({ screen: 'entry', id: e.entryId })} data-content="">
                        {e.title}
                      </a>
                    </td>
                    <td data-content="">{e.enterprise}</td>
                    <td>{formatDate(e.date, locale)}</td>
                    <td data-content="">{e.indicator}</td>
                    <td className={`number change ${text.verdict}`} data-verdict={text.verdict}>
                      {text.change === null ? (
                        '—'
                      ) : (
                        <>
                          {text.change} {text.points ? t('adoptions.points') : <Data>{e.unit}</Data>}
                          {text.relative !== null && <span className="muted"> ({text.relative})</span>}
                        </>
                      )}
                    </td>
                    <td className="bar-cell" aria-hidden="true">
                      {share !== null && <span className={`bar ${text.verdict}`} style={{ width: `${Math.min(100, share * 2)}%` }} />}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="network">
        <h2 id="network">{t('dashboard.network')}</h2>
        {data.network.length === 0 ? <p className="muted">{t('dashboard.noData')}</p> : <NetworkGraph edges={data.network} />}
      </section>
    </div>
  );
}
