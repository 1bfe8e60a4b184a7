import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { exchangeOperations } from '../../shared/contract/exchange.js';
import type { RequestOf } from '../../shared/contract/index.js';
import { failure, tempDir, type TestCatalogue } from '../helpers.js';
import { useTestKeys } from './support.js';

type Cases = Record<keyof typeof exchangeOperations, { happy: () => Promise<void>; bad: () => Promise<void> }>;

const ENTRY: RequestOf<'entries.create'> = { kind: 'method', title: 'Two-stage decatising', tags: ['textiles/wool'], enterprise: 'Kulanovno Fine Wool Factory' };

/** The exchange operations' cases for the every-operation table in test/core/services.test.ts. */
export function exchangeContractCases(current: () => TestCatalogue): Cases {
  useTestKeys();
  const exportOne = async (): Promise<string> => {
    const t = current();
    await t.client.call('entries.create', ENTRY);
    const out = path.join(tempDir(), 'b.ratio');
    await t.client.call('exchange.export', { out });
    return out;
  };
  return {
    'exchange.keys': {
      happy: async () => {
        const r = await current().client.call('exchange.keys', { enterpriseName: 'Kulanovno Fine Wool Factory' });
        expect(r.fingerprint).toMatch(/^[0-9a-f]{64}$/);
        expect(r.enterprise.name).toBe('Kulanovno Fine Wool Factory');
      },
      bad: async () => {
        await failure(current().client.call('exchange.keys', { enterpriseName: '' }), 'INVALID_INPUT');
      },
    },
    'exchange.trust': {
      happy: async () => {
        const key = Buffer.alloc(32, 7).toString('base64');
        const r = await current().client.call('exchange.trust', { source: key, enterprise: 'Troitsk' });
        expect(r.publicKey).toBe(key);
      },
      bad: async () => {
        await failure(current().client.call('exchange.trust', { source: 'not a key', enterprise: 'Troitsk' }), 'INVALID_INPUT');
      },
    },
    'exchange.export': {
      happy: async () => {
        const out = await exportOne();
        expect(fs.statSync(out).size).toBeGreaterThan(0);
      },
      bad: async () => {
        await failure(current().client.call('exchange.export', { out: path.join(tempDir(), 'x.ratio'), sinceLast: true }), 'INVALID_INPUT');
      },
    },
    'exchange.previewImport': {
      happy: async () => {
        const r = await current().client.call('exchange.previewImport', { file: await exportOne() });
        expect(r).toMatchObject({ dryRun: true, identical: 1, signature: 'valid' });
      },
      bad: async () => {
        const junk = path.join(tempDir(), 'junk.ratio');
        fs.writeFileSync(junk, 'not a zip');
        await failure(current().client.call('exchange.previewImport', { file: junk }), 'BUNDLE_REFUSED');
      },
    },
    'exchange.import': {
      happy: async () => {
        const r = await current().client.call('exchange.import', { file: await exportOne() });
        expect(r).toMatchObject({ identical: 1, changed: true });
      },
      bad: async () => {
        await failure(current().client.call('exchange.import', { file: path.join(tempDir(), 'x.ratio'), onConflict: 'merge' as never }), 'INVALID_INPUT');
      },
    },
    'exchange.imports': {
      happy: async () => {
        await current().client.call('exchange.import', { file: await exportOne() });
        expect((await current().client.call('exchange.imports', {})).imports).toHaveLength(1);
      },
      bad: async () => {
        await failure(current().client.call('exchange.imports', { all: true } as never), 'INVALID_INPUT');
      },
    },
    'exchange.exportCsv': {
      happy: async () => {
        await current().client.call('entries.create', ENTRY);
        const out = path.join(tempDir(), 'e.csv');
        expect((await current().client.call('exchange.exportCsv', { out })).entries).toBe(1);
      },
      bad: async () => {
        await failure(current().client.call('exchange.exportCsv', { out: '' }), 'INVALID_INPUT');
      },
    },
    'exchange.importCsv': {
      happy: async () => {
        const file = path.join(tempDir(), 'e.csv');
        fs.writeFileSync(file, '\uFEFFkind,title,tags\r\nmethod,"Cloth, thick","[""a/b""]"\r\n');
        expect(await current().client.call('exchange.importCsv', { path: file })).toMatchObject({ created: 1 });
      },
      bad: async () => {
        const file = path.join(tempDir(), 'e.csv');
        fs.writeFileSync(file, 'kind,title,colour\r\nmethod,x,red\r\n');
        await failure(current().client.call('exchange.importCsv', { path: file }), 'INVALID_INPUT');
      },
    },
    'exchange.exportMarkdown': {
      happy: async () => {
        await current().client.call('entries.create', ENTRY);
        expect((await current().client.call('exchange.exportMarkdown', { dir: path.join(tempDir(), 'md') })).entries).toBe(1);
      },
      bad: async () => {
        await failure(current().client.call('exchange.exportMarkdown', { dir: path.join(tempDir(), 'md'), kind: 'poem' as never }), 'INVALID_INPUT');
      },
    },
    'exchange.importMarkdown': {
      happy: async () => {
        const dir = path.join(tempDir(), 'md');
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, 'a.md'), '---\ntitle: Cloth\nkind: method\n---\nBody\n');
        expect(await current().client.call('exchange.importMarkdown', { path: dir })).toMatchObject({ created: 1 });
      },
      bad: async () => {
        const dir = path.join(tempDir(), 'md');
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, 'a.md'), '---\ntitle: Cloth\nkind: method\ncolour: red\n---\n');
        await failure(current().client.call('exchange.importMarkdown', { path: dir }), 'INVALID_INPUT');
      },
    },
  };
}
