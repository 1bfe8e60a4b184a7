import type { exchangeOperations } from '../../../shared/contract/exchange.js';
import type { Catalogue } from '../../app/catalogue.js';
import { exportCsv, importCsv } from '../../exchange/csv-exchange.js';
import { estimateExport, exportBundle } from '../../exchange/export-bundle.js';
import { bundleEntryBesideLocal, entriesOfBundle, listPartners, revokeKey } from '../../exchange/partners.js';
import { keyFromSource } from '../../exchange/trust-source.js';
import { importBundle } from '../../exchange/import-bundle.js';
import { fingerprint, selfIdentity, trustKey } from '../../exchange/keys.js';
import { exportMarkdown, importMarkdown } from '../../exchange/markdown-exchange.js';
import { describeSelection } from '../../exchange/selection.js';
import type { HandlerEnvironment, HandlersOf } from './types.js';

export function createExchangeHandlers(catalogue: Catalogue, env: HandlerEnvironment): HandlersOf<typeof exchangeOperations> {
  const progress = (task: string) => (done: number, total: number) => env.progress?.({ task, done, total });
  return {
    'exchange.keys': (req) => {
      const identity = selfIdentity(catalogue, req.enterpriseName);
      return {
        enterprise: identity.enterprise,
        publicKey: identity.publicKey.toString('base64'),
        fingerprint: fingerprint(identity.publicKey),
        keyFile: identity.keyFile,
      };
    },
    'exchange.trust': async (req) => {
      const { key, producerId } = await keyFromSource(catalogue, req.source);
      const enterprise = trustKey(catalogue, req.enterprise, key, producerId);
      return { enterprise, fingerprint: fingerprint(key), publicKey: key.toString('base64') };
    },
    'exchange.export': (req) =>
      exportBundle(catalogue, {
        out: req.out,
        selection: describeSelection(req),
        to: req.to,
        sinceLast: req.sinceLast,
        enterpriseName: req.enterpriseName,
        progress: progress('Exporting attachments (bytes)'),
      }),
    'exchange.previewImport': (req) =>
      importBundle(catalogue, req.file, {
        dryRun: true,
        onConflict: 'keep-local',
        trust: req.trust,
        actor: catalogue.actor,
        progress: env.progress,
      }),
    'exchange.import': async (req) => {
      const result = await importBundle(catalogue, req.file, {
        dryRun: false,
        onConflict: req.onConflict,
        resolutions: req.resolutions,
        trust: req.trust,
        actor: catalogue.actor,
        progress: env.progress,
      });
      // After the import's transaction: bundles carry no text, the receiver reads the files.
      catalogue.extraction.enqueueAll();
      return result;
    },
    'exchange.imports': () => ({ imports: catalogue.ledger.importLog() }),
    'exchange.exportCsv': (req) => exportCsv(catalogue, req.out, describeSelection(req)),
    'exchange.importCsv': (req) => importCsv(catalogue, req.path, req.onConflict),
    'exchange.exportMarkdown': (req) => exportMarkdown(catalogue, req.dir, describeSelection(req)),
    'exchange.importMarkdown': (req) => {
      const result = importMarkdown(catalogue, req.path, req.onConflict);
      catalogue.extraction.enqueueAll();
      return result;
    },
    'exchange.estimateExport': (req) => estimateExport(catalogue, { selection: describeSelection(req), to: req.to, sinceLast: req.sinceLast }),
    'exchange.partners': () => ({ partners: listPartners(catalogue) }),
    'exchange.revoke': (req) => {
      revokeKey(catalogue, req.enterprise);
      return { ok: true } as const;
    },
    'exchange.bundleEntry': (req) => bundleEntryBesideLocal(catalogue, req.file, req.id, req.trust),
    'exchange.bundleEntries': (req) => ({ entries: entriesOfBundle(catalogue, req.bundle) }),
  };
}
