import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { MAX_INDENT, MAX_MARKERS, limitNesting } from '../../renderer/src/markdown/nesting.js';
import { MISSING_ATTACHMENT, markdownToHtml } from '../../renderer/src/markdown/to-html.js';

const NONE = new Map<string, string>();

/** The deepest nesting of quotes and lists in marked's HTML. */
function depthOf(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (const match of html.matchAll(/<(\/?)(?:ul|ol|blockquote)\b/g)) {
    depth += match[1] ? -1 : 1;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

const BOUND = MAX_MARKERS + MAX_INDENT / 2 + 1;

describe('the nesting limit before marked', () => {
  it('keeps marked from overflowing its stack on deep quotes and lists', () => {
    const inputs = {
      quotes: '>'.repeat(2000),
      spacedQuotes: '> '.repeat(5000) + 'x',
      // marked takes a lone CR for a line break; so must the limit.
      carriageReturns: Array.from({ length: 600 }, (_, i) => `${'>'.repeat(i + 1)} x`).join('\r'),
      bullets: '- '.repeat(5000) + 'x',
      ordered: '1. '.repeat(5000) + 'x',
      indented: Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i * 2)}- level ${i}`).join('\n'),
      quoteLines: Array.from({ length: 600 }, (_, i) => `${'>'.repeat(i + 1)} x`).join('\n'),
      mixed: Array.from({ length: 500 }, (_, i) => `${'> - '.repeat(i % 50)}${'\t'.repeat(i % 20)}* x`).join('\n'),
    };
    // What marked does with them by itself:
    for (const name of ['quotes', 'bullets', 'ordered'] as const) expect(() => new Marked({ gfm: true }).parse(inputs[name]), name).toThrow(RangeError);
    for (const [name, source] of Object.entries(inputs)) {
      const html = markdownToHtml({ source, attachments: NONE });
      expect(depthOf(html), name).toBeLessThanOrEqual(BOUND);
      expect(depthOf(html), name).toBeGreaterThanOrEqual(MAX_MARKERS);
    }
  });

  it('keeps what lies past the limit as text', () => {
    const html = markdownToHtml({ source: `${'> '.repeat(20)}deep`, attachments: NONE });
    expect(depthOf(html)).toBe(MAX_MARKERS);
    expect(html).toContain('&gt; &gt; &gt; &gt; deep');
  });

  it('bounds any mix of markers, blanks and line breaks', () => {
    const piece = fc.constantFrom('>', '> ', '- ', '* ', '+ ', '1. ', '2) ', ' ', '  ', '    ', '\t', '\n', '\r', '\r\n', 'x', '```', '---', '\n\n');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 4000 }), (pieces) => {
        const html = markdownToHtml({ source: pieces.join(''), attachments: NONE });
        expect(depthOf(html)).toBeLessThanOrEqual(BOUND);
      }),
      { numRuns: 60 },
    );
  });

  it('changes no ordinary document (every body of the demo catalogue)', () => {
    const demo = JSON.parse(fs.readFileSync(path.resolve('resources/demo/catalogue.json'), 'utf8')) as { entries: { body: string }[] };
    const bodies = demo.entries.map((e) => e.body);
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) expect(limitNesting(body)).toBe(body);
    const nested = '- a\n  - b\n    - c\n      > quoted\n      > > twice\n\n1. one\n   2. two\n\n```\n> > > > code\n```\n\n* * *\n';
    expect(limitNesting(nested)).toBe(nested);
  });

  it('leaves long rules alone: a line of dashes nests nothing', () => {
    const rule = '- '.repeat(5000).trim();
    expect(limitNesting(rule)).toBe(rule);
    expect(markdownToHtml({ source: rule, attachments: NONE })).toBe('<hr>\n');
  });
});

describe('attachment references', () => {
  it('survive a malformed %-escape (it once threw and blanked the page)', () => {
    const html = markdownToHtml({ source: '![x](attachment:%E0%A4%A) [y](attachment:%ZZ)', attachments: new Map([['%ZZ', 'blob:ok']]) });
    expect(html).toContain(`src="${MISSING_ATTACHMENT}"`);
    expect(html).toContain('href="blob:ok"');
  });

  it('resolve encoded names to the attachment URL', () => {
    const html = markdownToHtml({ source: '![plan](attachment:floor%20plan.png)', attachments: new Map([['floor plan.png', 'app://x/1']]) });
    expect(html).toContain('src="app://x/1"');
  });
});
