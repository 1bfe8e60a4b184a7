import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { block, line, terminalJson } from '../../electron/cli/terminal-text.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import { cleanupTemp, runRatio, tempDir } from '../helpers.js';

afterEach(cleanupTemp);

/** Characters a terminal acts on: ESC (a CSI sequence), CR, C1 CSI, the bidi override and isolate, a line break. */
const HOSTILE = 'Wool\u001b[2K\r\u009b31m\u202eevil\u2066x\u2069\u200f\nsignature: valid (Trusted Partner)';
/** Raw controls and bidirectional characters that must never reach the terminal; \n and \t are allowed between lines. */
const RAW = /[^\P{Cc}\t\n]|[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/**
 * Puts hostile text straight into the database, as data that arrived before any check
 * existed would be: what the CLI prints must be safe whatever the catalogue holds.
 */
function poison(dir: string, sql: string, ...params: string[]): void {
  const catalogue = Catalogue.open(dir, { create: false });
  try {
    catalogue.db.prepare(sql).run(...params);
  } finally {
    catalogue.close();
  }
}

describe('text printed to a terminal', () => {
  it('escapes controls and bidi marks visibly; a field cannot break its line', () => {
    expect(line(HOSTILE)).toBe('Wool\\x1B[2K\\x0D\\x9B31m\\u202Eevil\\u2066x\\u2069\\u200F\\x0Asignature: valid (Trusted Partner)');
    expect(block('a\r\nb\tc\nd\u001b[0m\u0085')).toBe('a\nb\tc\nd\\x1B[0m\\x85');
    const json = terminalJson({ title: HOSTILE, ok: '\u00e9\u4e2d' });
    expect(RAW.test(json.replace(/\n/g, ''))).toBe(false);
    expect(json).toContain('\\u009b');
    expect(json).toContain('\\u202e');
    expect(JSON.parse(json)).toEqual({ title: HOSTILE, ok: '\u00e9\u4e2d' });
  });

  it('show, list, search and history print hostile titles, authors and enterprises escaped; --json escapes C1 and bidi', async () => {
    const dir = tempDir();
    const cat = path.join(dir, 'cat');
    fs.writeFileSync(path.join(dir, 'e.md'), `---\ntitle: Decatising wool\nkind: method\nenterprise: Partner\nauthors: [A. Petrov]\n---\nLine one\nLine two`);
    const entryId = ((await runRatio(dir, ['--catalogue', cat, 'add', 'e.md', '--json'])).json() as { id: string }).id;
    const partner = ((await runRatio(dir, ['--catalogue', cat, 'enterprises', '--json'])).json() as { enterprises: { id: string }[] }).enterprises[0]!.id;
    // The API refuses such text now, so it is written straight into the database, as an older catalogue could hold it.
    poison(cat, 'UPDATE entries SET title = ?, body = ? WHERE id = ?', `Decatising ${HOSTILE}`, `Line one\nLine two ${HOSTILE.split('\n')[0]!}`, entryId);
    poison(cat, 'UPDATE enterprises SET name = ? WHERE id = ?', HOSTILE, partner);
    poison(cat, 'UPDATE people SET name = ?', HOSTILE);
    poison(cat, 'UPDATE revisions SET author = ?', HOSTILE);

    for (const args of [['show', entryId], ['list'], ['history', entryId], ['search', 'decatising'], ['enterprises']]) {
      const run = await runRatio(dir, ['--catalogue', cat, ...args]);
      expect(run.code, args.join(' ')).toBe(0);
      expect(RAW.test(run.stdout), args.join(' ')).toBe(false);
      expect(
        run.stdout.split('\n').some((l) => l.startsWith('signature: valid')),
        args.join(' '),
      ).toBe(false);
    }
    const shown = (await runRatio(dir, ['--catalogue', cat, 'show', entryId])).stdout;
    expect(shown).toContain('Decatising Wool\\x1B[2K\\x0D\\x9B31m\\u202Eevil');
    // The body keeps its own lines; only the controls in it are escaped.
    expect(shown).toContain('Line one\nLine two Wool\\x1B');

    const json = await runRatio(dir, ['--catalogue', cat, 'show', entryId, '--json']);
    expect(RAW.test(json.stdout.replace(/\n/g, ''))).toBe(false);
    expect(json.json()).toMatchObject({ title: `Decatising ${HOSTILE}`, enterprise: { name: HOSTILE } });
  });

  it('an error echoing hostile text stays one escaped line on stderr', async () => {
    const dir = tempDir();
    const cat = path.join(dir, 'cat');
    await runRatio(dir, ['--catalogue', cat, 'init']);
    // A tag name with controls is refused without being echoed, so the echo comes from a file name.
    const run = await runRatio(dir, ['--catalogue', cat, 'add', `${HOSTILE}.md`]);
    expect(run.code).not.toBe(0);
    expect(RAW.test(run.stderr.replace(/\n$/, ''))).toBe(false);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('\\x1B[2K');
  });

  it("an unknown signer's bundle cannot make the import warning read as something else", async () => {
    const dir = tempDir();
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    await runRatio(dir, ['--catalogue', a, 'demo']);
    const self = (await runRatio(dir, ['--catalogue', a, 'keys', '--name', 'Kulanovno', '--json'])).json() as { enterprise: { id: string } };
    poison(a, 'UPDATE enterprises SET name = ? WHERE id = ?', HOSTILE, self.enterprise.id);
    // Export refuses what a reader would refuse, so no bundle of Ratio's carries the poisoned name; its refusal is printed escaped.
    const refused = await runRatio(dir, ['--catalogue', a, 'export', '--out', 'x.ratio', '--tag', 'textiles/wool']);
    expect(refused.code).not.toBe(0);
    expect(RAW.test(`${refused.stdout}${refused.stderr}`.replace(/\n$/, ''))).toBe(false);
    if (!fs.existsSync(path.join(dir, 'x.ratio'))) return;
    await runRatio(dir, ['--catalogue', b, 'init']);
    for (const args of [
      ['import', 'x.ratio', '--dry-run'],
      ['import', 'x.ratio'],
    ]) {
      const run = await runRatio(dir, ['--catalogue', b, ...args]);
      const printed = `${run.stdout}${run.stderr}`;
      expect(RAW.test(printed), args.join(' ')).toBe(false);
      // Whatever happens to the bundle, no line may claim a valid signature.
      expect(
        printed.split('\n').some((l) => /^(ratio: )?signature: valid/.test(l)),
        args.join(' '),
      ).toBe(false);
    }
  });
});
