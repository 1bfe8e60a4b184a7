import { describe, expect, it } from 'vitest';
import { layoutNetwork, type NetworkEdge } from '../../renderer/src/components/network-layout.js';

/** Roughly a 12 px sans-serif: wide enough that a wrong box would show as an overlap. */
const measure = (label: string): number => label.length * 7.2;

function star(n: number): NetworkEdge[] {
  const edges: NetworkEdge[] = [];
  for (let i = 0; i < n; i += 1) {
    edges.push({
      from: `Enterprise with a fairly long name ${i}`,
      to: `Enterprise with a fairly long name ${(i + 1) % n}`,
      entries: 1 + (i % 4),
      via: 'adoption',
    });
    if (i % 5 === 0) edges.push({ from: 'Hub', to: `Enterprise with a fairly long name ${i}`, entries: 2, via: 'bundle' });
  }
  return edges;
}

describe('the exchange network layout', () => {
  it('places 50 enterprises so that no two boxes overlap and all lie inside the view box', () => {
    const layout = layoutNetwork(star(50), (name) => name, measure);
    expect(layout.nodes).toHaveLength(51);
    const { x, y, width, height } = layout.viewBox;
    for (const [i, a] of layout.nodes.entries()) {
      expect(a.width).toBeGreaterThanOrEqual(measure(a.label));
      expect(a.x - a.width / 2).toBeGreaterThanOrEqual(x);
      expect(a.y - a.height / 2).toBeGreaterThanOrEqual(y);
      expect(a.x + a.width / 2).toBeLessThanOrEqual(x + width);
      expect(a.y + a.height / 2).toBeLessThanOrEqual(y + height);
      for (const b of layout.nodes.slice(i + 1)) {
        const apart = Math.abs(a.x - b.x) >= (a.width + b.width) / 2 || Math.abs(a.y - b.y) >= (a.height + b.height) / 2;
        expect(apart, `${a.name} / ${b.name}`).toBe(true);
      }
    }
  });

  it('is the same picture every time, and bends the two edges of a pair apart', () => {
    const edges: NetworkEdge[] = [
      { from: 'A', to: 'B', entries: 1, via: 'adoption' },
      { from: 'B', to: 'A', entries: 1, via: 'adoption' },
      { from: 'A', to: 'B', entries: 3, via: 'bundle' },
    ];
    const first = layoutNetwork(edges, (n) => n, measure);
    const again = layoutNetwork(edges, (n) => n, measure);
    expect(again).toEqual(first);
    expect(new Set(first.edges.map((e) => e.path)).size).toBe(3);
    for (const e of first.edges) expect(e.path).toMatch(/^M [-\d.]+ [-\d.]+ Q [-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+$/);
  });

  it('has an empty picture for no edges', () => {
    const layout = layoutNetwork([], (n) => n, measure);
    expect(layout.nodes).toEqual([]);
    expect(layout.viewBox.width).toBeGreaterThan(0);
  });
});
