import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ENTRY_KINDS } from '../../../shared/domain.js';
import { useCatalogueChanged } from '../app/undo.js';
import { useCall } from '../app/use-call.js';
import { Data, ErrorMessage, Loading, formatDate, formatNumber } from '../components/common.js';
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
          <table className="table">
            <tbody>
              {data.effects.map((e, i) => {
                const delta = e.before !== null && e.after !== null ? e.after - e.before : null;
                const relative = delta !== null && e.before ? (delta / Math.abs(e.before)) * 100 : null;
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
                    <td className="number">
                      {delta === null ? (
                        '—'
                      ) : (
                        <>
                          {`${delta >= 0 ? '+' : ''}${formatNumber(delta, locale)}`} <Data>{e.unit}</Data>
                        </>
                      )}
                      {relative !== null && <span className="muted"> ({relative >= 0 ? '+' : ''}{formatNumber(relative, locale)} %)</span>}
                    </td>
                    <td className="bar-cell" aria-hidden="true">
                      {/* Whether a fall is good (fewer roof falls) or bad depends on the indicator, so the bar shows size only. */}
                      {relative !== null && <span className="bar" style={{ width: `${Math.min(100, Math.abs(relative) * 2)}%` }} />}
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
