import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';

export interface NetworkEdge {
  from: string;
  to: string;
  entries: number;
  via: 'adoption' | 'bundle';
}

/** A node with its label's box: the circle sits at the top of the box, the label under it. */
export interface PlacedNode {
  name: string;
  label: string;
  /** Centre of the node's box (circle and label together). */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Centre of the circle, where edges attach. */
  cx: number;
  cy: number;
}

export interface PlacedEdge extends NetworkEdge {
  /** SVG path from the source circle's rim to the target circle's rim. */
  path: string;
}

export interface NetworkLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  viewBox: { x: number; y: number; width: number; height: number };
}

export const NODE_RADIUS = 6;
export const LABEL_SIZE = 12;
const LABEL_GAP = 3;
/** Free space kept around each box, so labels never touch. */
const MARGIN = 4;
const PADDING = 12;

interface SimNode extends SimulationNodeDatum {
  index: number;
  width: number;
  height: number;
}

function overlaps(a: SimNode, b: SimNode): { dx: number; dy: number } | null {
  const ax = a.x ?? 0;
  const ay = a.y ?? 0;
  const bx = b.x ?? 0;
  const by = b.y ?? 0;
  const dx = (a.width + b.width) / 2 + MARGIN - Math.abs(ax - bx);
  const dy = (a.height + b.height) / 2 + MARGIN - Math.abs(ay - by);
  return dx > 0 && dy > 0 ? { dx, dy } : null;
}

/**
 * The force simulation's collision is by circles; boxes of long labels can still touch at
 * their corners. This pushes each overlapping pair apart along the shorter axis until none
 * overlaps (a few passes suffice; the cap only guards against a pathological input).
 */
function separateBoxes(nodes: SimNode[]): void {
  for (let pass = 0; pass < 400; pass += 1) {
    let moved = false;
    for (let i = 0; i < nodes.length; i += 1) {
      for (let j = i + 1; j < nodes.length; j += 1) {
        const a = nodes[i] as SimNode;
        const b = nodes[j] as SimNode;
        const o = overlaps(a, b);
        if (!o) continue;
        moved = true;
        if (o.dx < o.dy) {
          const sign = (a.x ?? 0) < (b.x ?? 0) || ((a.x ?? 0) === (b.x ?? 0) && i < j) ? -1 : 1;
          a.x = (a.x ?? 0) + (sign * (o.dx + 0.5)) / 2;
          b.x = (b.x ?? 0) - (sign * (o.dx + 0.5)) / 2;
        } else {
          const sign = (a.y ?? 0) < (b.y ?? 0) || ((a.y ?? 0) === (b.y ?? 0) && i < j) ? -1 : 1;
          a.y = (a.y ?? 0) + (sign * (o.dy + 0.5)) / 2;
          b.y = (b.y ?? 0) - (sign * (o.dy + 0.5)) / 2;
        }
      }
    }
    if (!moved) return;
  }
}

/** A curve between two circles, bent aside when the pair has several edges, ending at the rims. */
function edgePath(a: PlacedNode, b: PlacedNode, bend: number): string {
  const dx = b.cx - a.cx;
  const dy = b.cy - a.cy;
  const length = Math.hypot(dx, dy) || 1;
  const nx = -dy / length;
  const ny = dx / length;
  const mx = (a.cx + b.cx) / 2 + nx * bend;
  const my = (a.cy + b.cy) / 2 + ny * bend;
  const trim = (px: number, py: number, towardX: number, towardY: number, by: number): [number, number] => {
    const d = Math.hypot(towardX - px, towardY - py) || 1;
    return [px + ((towardX - px) / d) * by, py + ((towardY - py) / d) * by];
  };
  const [sx, sy] = trim(a.cx, a.cy, mx, my, NODE_RADIUS + 1);
  const [ex, ey] = trim(b.cx, b.cy, mx, my, NODE_RADIUS + 2);
  const r = (n: number): string => n.toFixed(1);
  return `M ${r(sx)} ${r(sy)} Q ${r(mx)} ${r(my)} ${r(ex)} ${r(ey)}`;
}

/**
 * Places the exchange network with d3-force, run to rest at once (no animation: the
 * dashboard paints once), then separates the label boxes so no two overlap, and sizes the
 * view box to hold every node and label. `measure` gives a label's width in pixels.
 */
export function layoutNetwork(edges: readonly NetworkEdge[], labelOf: (name: string) => string, measure: (label: string) => number): NetworkLayout {
  const names = [...new Set(edges.flatMap((e) => [e.from, e.to]))].sort();
  const labels = names.map(labelOf);
  const sim: SimNode[] = names.map((_, index) => {
    const width = Math.max(2 * NODE_RADIUS, Math.ceil(measure(labels[index] ?? '') * 1.04) + 4);
    const height = 2 * NODE_RADIUS + LABEL_GAP + LABEL_SIZE + 2;
    // A deterministic start on a spiral: the same catalogue always gets the same picture.
    const angle = index * 2.399963;
    const radius = 30 * Math.sqrt(index + 0.5);
    return { index, width, height, x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
  });
  const indexOf = new Map(names.map((n, i) => [n, i]));
  const links: SimulationLinkDatum<SimNode>[] = edges.map((e) => ({ source: indexOf.get(e.from) ?? 0, target: indexOf.get(e.to) ?? 0 }));
  const simulation = forceSimulation(sim)
    .force('link', forceLink<SimNode, SimulationLinkDatum<SimNode>>(links).distance(70).strength(0.4))
    .force('charge', forceManyBody<SimNode>().strength(-170))
    // Pulled harder vertically: the picture is wider than tall, as the page is.
    .force('x', forceX<SimNode>(0).strength(0.04))
    .force('y', forceY<SimNode>(0).strength(0.1))
    .force('collide', forceCollide<SimNode>((n) => Math.hypot(n.width / 2, n.height / 2) * 0.8 + MARGIN).iterations(2))
    // Faster cooling than d3's default (about 200 ticks, not 300): the box pass below settles what is left.
    .alphaDecay(0.035)
    .stop();
  const ticks = Math.ceil(Math.log(simulation.alphaMin()) / Math.log(1 - simulation.alphaDecay()));
  for (let i = 0; i < ticks; i += 1) simulation.tick();
  separateBoxes(sim);

  const nodes: PlacedNode[] = sim.map((n) => {
    const x = n.x ?? 0;
    const y = n.y ?? 0;
    return { name: names[n.index] ?? '', label: labels[n.index] ?? '', x, y, width: n.width, height: n.height, cx: x, cy: y - n.height / 2 + NODE_RADIUS };
  });
  const byName = new Map(nodes.map((n) => [n.name, n]));

  // Several edges between one pair (both directions, or an adoption and a bundle) are bent apart.
  const pairKey = (e: NetworkEdge): string => (e.from < e.to ? `${e.from}\u0000${e.to}` : `${e.to}\u0000${e.from}`);
  const perPair = new Map<string, NetworkEdge[]>();
  for (const e of edges) perPair.set(pairKey(e), [...(perPair.get(pairKey(e)) ?? []), e]);
  const placed: PlacedEdge[] = edges.map((e) => {
    const group = perPair.get(pairKey(e)) ?? [e];
    const i = group.indexOf(e);
    // Bends are measured on the pair's own orientation, so opposite edges bend to opposite sides.
    const forward = e.from < e.to ? 1 : -1;
    const bend = group.length === 1 ? 0 : (i - (group.length - 1) / 2) * 22 * forward;
    const a = byName.get(e.from);
    const b = byName.get(e.to);
    return { ...e, path: a && b ? edgePath(a, b, bend) : '' };
  });

  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of nodes) {
    minX = Math.min(minX, n.x - n.width / 2);
    maxX = Math.max(maxX, n.x + n.width / 2);
    minY = Math.min(minY, n.y - n.height / 2);
    maxY = Math.max(maxY, n.y + n.height / 2);
  }
  if (nodes.length === 0) {
    minX = minY = 0;
    maxX = maxY = 1;
  }
  // Curves bend outside the boxes a little; the padding holds them.
  const pad = PADDING + 12;
  return {
    nodes,
    edges: placed,
    viewBox: { x: Math.floor(minX - pad), y: Math.floor(minY - pad), width: Math.ceil(maxX - minX + 2 * pad), height: Math.ceil(maxY - minY + 2 * pad) },
  };
}
