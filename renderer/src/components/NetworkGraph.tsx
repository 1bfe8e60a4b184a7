import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { plainName } from '../text/bidi.js';
import { LABEL_SIZE, NODE_RADIUS, layoutNetwork, type NetworkEdge, type NetworkLayout } from './network-layout.js';

/** Labels longer than this are cut; the whole name is in the node's tooltip. */
const MAX_LABEL = 48;
const shortName = (name: string): string => (name.length > MAX_LABEL ? `${name.slice(0, MAX_LABEL - 1)}…` : name);

const EDGE_CLASS = { adoption: 'edge-adoption', bundle: 'edge-bundle' } as const;

let canvas: HTMLCanvasElement | undefined;
/** A label's width as the page will draw it: the SVG text inherits the page's font. */
function measurer(): (label: string) => number {
  canvas ??= document.createElement('canvas');
  const context = canvas.getContext('2d');
  const family = getComputedStyle(document.body).fontFamily || 'sans-serif';
  if (context) context.font = `400 ${LABEL_SIZE}px ${family}`;
  // Without a canvas (never in a real browser), a generous guess: wide characters count double.
  return (label) =>
    context ? context.measureText(label).width : [...label].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? LABEL_SIZE : LABEL_SIZE * 0.62), 0);
}

/**
 * Who learned from whom: enterprises laid out by d3-force, an arrow from the enterprise whose
 * knowledge travelled to the one that took it up, solid for an adoption and dashed for a bundle.
 */
export function NetworkGraph({ edges }: { edges: readonly NetworkEdge[] }): ReactNode {
  const { t } = useTranslation();
  const [layout, setLayout] = useState<NetworkLayout | null>(null);
  // Laid out after the dashboard's first paint: a large network takes a noticeable moment.
  useEffect(() => {
    setLayout(null);
    const timer = setTimeout(() => setLayout(layoutNetwork(edges, (name) => shortName(plainName(name)), measurer())), 0);
    return () => clearTimeout(timer);
  }, [edges]);
  if (!layout) {
    return (
      <p className="muted" role="status">
        {t('app.loading')}
      </p>
    );
  }
  const { x, y, width, height } = layout.viewBox;
  return (
    <figure className="network-figure">
      <div className="network-scroll">
        <svg
          viewBox={`${x} ${y} ${width} ${height}`}
          width={width}
          height={height}
          className="network"
          role="img"
          aria-label={t('exchangeNetwork.label', { count: layout.nodes.length })}
        >
          <defs>
            {(['adoption', 'bundle'] as const).map((via) => (
              <marker
                key={via}
                id={`arrow-${via}`}
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="9"
                markerHeight="9"
                orient="auto"
                markerUnits="userSpaceOnUse"
              >
                <path d="M 0 0 L 10 5 L 0 10 z" className={`arrow ${EDGE_CLASS[via]}`} />
              </marker>
            ))}
          </defs>
          <g className="edges">
            {layout.edges.map((e) => (
              <path
                key={`${e.from}>${e.to}>${e.via}`}
                d={e.path}
                className={`edge ${EDGE_CLASS[e.via]}`}
                data-via={e.via}
                strokeWidth={1.2 + Math.min(4, Math.log2(1 + e.entries))}
                markerEnd={`url(#arrow-${e.via})`}
              >
                <title>
                  {t('dashboard.edge', { from: e.from, to: e.to, entries: t('counts.entries', { count: e.entries }), via: t(`dashboard.via.${e.via}`) })}
                </title>
              </path>
            ))}
          </g>
          <g className="nodes">
            {layout.nodes.map((n) => (
              <g key={n.name} className="network-node">
                <title data-content="">{n.name}</title>
                <circle cx={n.cx} cy={n.cy} r={NODE_RADIUS} className="node" />
                <text x={n.x} y={n.y + n.height / 2 - 3} textAnchor="middle" fontSize={LABEL_SIZE} className="node-label" data-content="">
                  {n.label}
                </text>
              </g>
            ))}
          </g>
        </svg>
      </div>
      <figcaption>
        <ul className="network-legend">
          {(['adoption', 'bundle'] as const).map((via) => (
            <li key={via}>
              <svg width="44" height="12" aria-hidden="true" className="network-key">
                <line x1="2" y1="6" x2="34" y2="6" className={`edge ${EDGE_CLASS[via]}`} strokeWidth={2} />
                <path d="M 34 1 L 42 6 L 34 11 z" className={`arrow ${EDGE_CLASS[via]}`} />
              </svg>{' '}
              {t(`exchangeNetwork.legend.${via}`)}
            </li>
          ))}
        </ul>
        <p className="muted network-direction">{t('exchangeNetwork.direction')}</p>
      </figcaption>
    </figure>
  );
}
