import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { plainName } from '../text/bidi.js';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ENTRY_KINDS } from '../../../shared/domain.js';
import { useCall } from '../app/use-call.js';
import { Data, ErrorMessage, Loading, formatDate, formatNumber } from '../components/common.js';

const KIND_COLOURS: Record<(typeof ENTRY_KINDS)[number], string> = { proposal: '#3b82f6', invention: '#f59e0b', method: '#10b981' };

/** A node's label: names longer than 28 characters are cut. */
const shortName = (name: string): string => (name.length > 28 ? `${name.slice(0, 27)}…` : name);

/** Enterprises on a circle, arrows from the enterprise whose entry was adopted to the adopter. */
function NetworkGraph({ edges }: { edges: { from: string; to: string; entries: number; via: 'adoption' | 'bundle' }[] }): ReactNode {
  const { t } = useTranslation();
  const names = [...new Set(edges.flatMap((e) => [e.from, e.to]))];
  const size = 520;
  const radius = 190;
  const at = (name: string): { x: number; y: number } => {
    const i = names.indexOf(name);
    const angle = (2 * Math.PI * i) / Math.max(1, names.length) - Math.PI / 2;
    return { x: size / 2 + radius * Math.cos(angle), y: size / 2 + radius * Math.sin(angle) };
  };
  return (
    <svg viewBox={`0 0 ${size} ${size}`} className="network" role="img" aria-label={t('dashboard.networkLabel')}>
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="currentColor" />
        </marker>
      </defs>
      {edges.map((e) => {
        const a = at(e.from);
        const b = at(e.to);
        return (
          <line
            key={`${e.from}>${e.to}>${e.via}`}
            x1={a.x}
            y1={a.y}
            x2={b.x}
            y2={b.y}
            stroke="currentColor"
            strokeOpacity={0.5}
            strokeWidth={1 + Math.min(6, e.entries)}
            strokeDasharray={e.via === 'bundle' ? '6 4' : undefined}
            markerEnd="url(#arrow)"
          >
            <title>{t('dashboard.edge', { from: e.from, to: e.to, entries: t('counts.entries', { count: e.entries }), via: t(`dashboard.via.${e.via}`) })}</title>
          </line>
        );
      })}
      {names.map((name) => {
        const p = at(name);
        return (
          <g key={name}>
            <circle cx={p.x} cy={p.y} r={6} className="node" />
            <text x={p.x} y={p.y - 10} textAnchor="middle" fontSize="11" data-content="">
              {shortName(plainName(name))}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function Dashboard(): ReactNode {
  const { t, i18n } = useTranslation();
  const { data, error, reload } = useCall('catalogue.dashboard', {});
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
                      <a href={`#/entry/${e.entryId}`} data-content="">
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
