import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { exchangeOperations } from '../../shared/contract/exchange.js';
import type { RequestOf } from '../../shared/contract/index.js';
import { failure, openTestCatalogue, tempDir, type TestCatalogue } from '../helpers.js';
import { useTestKeys } from './support.js';

type Cases = Record<keyof typeof exchangeOperations, { happy: () => Promise<void>; bad: () => Promise<void> }>;

const ENTRY: RequestOf<'entries.create'> = {
  kind: 'method',
  title: 'Two-stage decatising',
  tags: ['textiles/wool'],
  enterprise: 'Kulanovno Fine Wool Factory',
};

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
    'exchange.estimateExport': {
      happy: async () => {
        const t = current();
        const e = await t.client.call('entries.create', ENTRY);
        await t.client.call('attachments.add', { entryId: e.id, name: 'a.txt', contentBase64: Buffer.from('abc').toString('base64') });
        const estimate = await t.client.call('exchange.estimateExport', {});
        expect(estimate).toMatchObject({ entries: 1, attachments: 1, revisions: 2 });
        expect(estimate.bytes).toBeGreaterThan(3);
        expect((await t.client.call('exchange.estimateExport', { kind: 'invention' })).entries).toBe(0);
      },
      bad: async () => {
        await failure(current().client.call('exchange.estimateExport', { sinceLast: true }), 'INVALID_INPUT');
      },
    },
    'exchange.partners': {
      happy: async () => {
        const t = current();
        const self = await t.client.call('exchange.keys', { enterpriseName: 'Kulanovno Fine Wool Factory' });
        await t.client.call('exchange.trust', { source: Buffer.alloc(32, 9).toString('base64'), enterprise: 'Troitsk' });
        const { partners } = await t.client.call('exchange.partners', {});
        expect(partners.find((p) => p.isSelf)).toMatchObject({ name: 'Kulanovno Fine Wool Factory', fingerprint: self.fingerprint });
        expect(partners.find((p) => p.name === 'Troitsk')?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      },
      bad: async () => {
        await failure(current().client.call('exchange.partners', { all: true } as never), 'INVALID_INPUT');
      },
    },
    'exchange.revoke': {
      happy: async () => {
        const t = current();
        await t.client.call('exchange.trust', { source: Buffer.alloc(32, 9).toString('base64'), enterprise: 'Troitsk' });
        await t.client.call('exchange.revoke', { enterprise: 'troitsk' });
        expect((await t.client.call('exchange.partners', {})).partners.find((p) => p.name === 'Troitsk')?.fingerprint).toBeNull();
      },
      bad: async () => {
        const t = current();
        await t.client.call('exchange.keys', { enterpriseName: 'Kulanovno Fine Wool Factory' });
        await failure(t.client.call('exchange.revoke', { enterprise: 'Kulanovno Fine Wool Factory' }), 'INVALID_INPUT');
        await t.client.call('enterprises.create', { name: 'Keyless' });
        await failure(t.client.call('exchange.revoke', { enterprise: 'Keyless' }), 'NOT_FOUND');
      },
    },
    'exchange.bundleEntry': {
      happy: async () => {
        const out = await exportOne();
        const [entry] = (await current().client.call('entries.list', {})).entries;
        const r = await current().client.call('exchange.bundleEntry', { file: out, id: entry!.id });
        expect(r.incoming.title).toBe('Two-stage decatising');
        expect(r.local?.title).toBe('Two-stage decatising');
      },
      bad: async () => {
        const out = await exportOne();
        await failure(current().client.call('exchange.bundleEntry', { file: out, id: '01900000-0000-7000-8000-000000000000' }), 'NOT_FOUND');
      },
    },
    'exchange.bundleEntries': {
      happy: async () => {
        const out = await exportOne();
        const other = openTestCatalogue();
        try {
          await other.client.call('exchange.import', { file: out, trust: true });
          const [log] = (await other.client.call('exchange.imports', {})).imports;
          const { entries } = await other.client.call('exchange.bundleEntries', { bundle: log!.bundle });
          expect(entries.map((e) => e.title)).toEqual(['Two-stage decatising']);
        } finally {
          other.close();
        }
      },
      bad: async () => {
        await failure(current().client.call('exchange.bundleEntries', { bundle: 'x' }), 'INVALID_INPUT');
      },
    },
  };
}
