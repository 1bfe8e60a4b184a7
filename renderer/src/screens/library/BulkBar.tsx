import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ignoringBackgroundReading, type ProgressReport } from '../../../../shared/bridge.js';
import { ENTRY_STATUSES } from '../../../../shared/domain.js';
import type { BulkChanges, BulkResult } from '../../../../shared/schemas/curation.js';
import { useTransport } from '../../app/context.js';
import { announceCatalogueChange, offerUndo } from '../../app/undo.js';
import { useCall } from '../../app/use-call.js';
import { Data, ErrorMessage, formatNumber, Sentence } from '../../components/common.js';
import { TagPicker } from '../../components/TagPicker.js';
import { exportSelection } from './bulk-export.js';
import { BulkPreview } from './BulkPreview.js';
import { BulkProgress } from './BulkProgress.js';
import type { SelectionControls } from './selection.js';

type Status = (typeof ENTRY_STATUSES)[number];
type Action = 'edit' | 'duplicates' | 'trash';
const NO_TITLES: ReadonlyMap<string, string> = new Map();

/** The undo toast's words for what was done. */
const DONE_KEY: Record<Action, string> = { edit: 'bulk.edited', duplicates: 'bulk.linked', trash: 'bulk.trashed' };

function EditForm({ hidden, onPreview, onCancel }: { hidden: boolean; onPreview: (changes: BulkChanges) => void; onCancel: () => void }): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [addTags, setAddTags] = useState<string[]>([]);
  const [removeTags, setRemoveTags] = useState<string[]>([]);
  const [status, setStatus] = useState<Status | ''>('');
  const [enterprise, setEnterprise] = useState('');
  const [clearEnterprise, setClearEnterprise] = useState(false);
  const [invalid, setInvalid] = useState(false);
  const enterprises = useCall('enterprises.list', {});
  const submit = (): void => {
    const changes: BulkChanges = { addTags, removeTags };
    if (status) changes.status = status;
    if (clearEnterprise) changes.enterprise = null;
    else if (enterprise.trim()) changes.enterprise = enterprise.trim();
    const none = addTags.length + removeTags.length === 0 && changes.status === undefined && changes.enterprise === undefined;
    setInvalid(none);
    if (!none) onPreview(changes);
  };
  return (
    <form
      className="bulk-form"
      hidden={hidden}
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h3 id={`${id}-heading`}>{t('bulk.editHeading')}</h3>
      <div className="bulk-fields">
        <div className="field">
          <label htmlFor={`${id}-add`}>{t('bulk.addTags')}</label>
          <TagPicker id={`${id}-add`} value={addTags} onChange={setAddTags} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-remove`}>{t('bulk.removeTags')}</label>
          <TagPicker id={`${id}-remove`} value={removeTags} onChange={setRemoveTags} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('bulk.status')}</label>
          <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
            <option value="">{t('bulk.keep')}</option>
            {ENTRY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-enterprise`}>{t('bulk.enterprise')}</label>
          <input
            id={`${id}-enterprise`}
            list={`${id}-enterprises`}
            value={enterprise}
            placeholder={t('bulk.keep')}
            disabled={clearEnterprise}
            autoComplete="off"
            onChange={(e) => setEnterprise(e.target.value)}
          />
          <datalist id={`${id}-enterprises`}>
            {enterprises.data?.enterprises.map((e) => (
              <option key={e.id} value={e.name} data-content="" />
            ))}
          </datalist>
          <label className="checkbox">
            <input type="checkbox" checked={clearEnterprise} onChange={(e) => setClearEnterprise(e.target.checked)} /> {t('bulk.enterpriseClear')}
          </label>
        </div>
      </div>
      {invalid && (
        <p className="field-error" role="alert" id={`${id}-error`}>
          {t('bulk.nothingChosen')}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" aria-describedby={invalid ? `${id}-error` : undefined}>
          {t('bulk.preview')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('bulk.cancel')}
        </button>
      </div>
    </form>
  );
}

function DuplicatesForm({
  hidden,
  titles,
  onPreview,
  onCancel,
}: {
  hidden: boolean;
  titles: ReadonlyMap<string, string>;
  onPreview: (changes: BulkChanges) => void;
  onCancel: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const [original, setOriginal] = useState(() => titles.keys().next().value ?? '');
  if (titles.size < 2) {
    return (
      <div className="bulk-form" hidden={hidden}>
        <p>{t('bulk.duplicatesNeedIds')}</p>
        <button type="button" onClick={onCancel}>
          {t('bulk.back')}
        </button>
      </div>
    );
  }
  return (
    <form
      className="bulk-form"
      hidden={hidden}
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => {
        event.preventDefault();
        if (titles.has(original)) onPreview({ linkDuplicatesOf: original });
      }}
    >
      <h3 id={`${id}-heading`}>{t('bulk.duplicatesHeading')}</h3>
      <div className="field">
        <label htmlFor={`${id}-original`}>{t('bulk.original')}</label>
        <select id={`${id}-original`} value={original} onChange={(e) => setOriginal(e.target.value)}>
          {[...titles].map(([entryId, title]) => (
            <option key={entryId} value={entryId} data-content="">
              {title}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          {t('bulk.preview')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('bulk.cancel')}
        </button>
      </div>
    </form>
  );
}

type Phase =
  | { kind: 'choosing'; action: 'edit' | 'duplicates' | null }
  | { kind: 'previewing'; action: Action; changes: BulkChanges }
  | { kind: 'preview'; action: Action; changes: BulkChanges; result: BulkResult }
  | { kind: 'applying'; action: Action }
  | { kind: 'exporting' };

/**
 * What can be done to the selected results: change tags, status and enterprise together,
 * link them as duplicates of one of them, export them as a bundle, or move them to the
 * trash. Every change is first previewed by a dry run of entries.bulk, then applied as one
 * action that a single undo takes back. Shown while at least one result is selected.
 */
export function BulkBar({ selection, total }: { selection: SelectionControls; total: number }): ReactNode {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  const { client, files } = transport;
  const [phase, setPhase] = useState<Phase>({ kind: 'choosing', action: null });
  const [error, setError] = useState<unknown>();
  const [exported, setExported] = useState<{ entries: number; file: string } | null>(null);
  const n = (value: number): string => formatNumber(value, i18n.language);
  const current = selection.selection;
  const [report, setReport] = useState<ProgressReport>();
  const barRef = useRef<HTMLDivElement>(null);
  // Listening starts with the bar, not with the work: the core is busy with a bulk action
  // from its first moment, and a listener that only then asked to connect would wait it out.
  const visible = selection.count > 0;
  useEffect(() => (visible ? transport.onProgress(ignoringBackgroundReading(setReport)) : undefined), [transport, visible]);

  // A preview answers for the selection it was made for; another selection starts over.
  useEffect(() => {
    setPhase((p) => {
      // An emptied selection closes the bar's forms, so the next one starts with none open.
      if (current.kind === 'none' && p.kind === 'choosing') return { kind: 'choosing', action: null };
      return p.kind === 'preview' || p.kind === 'previewing'
        ? { kind: 'choosing', action: p.action === 'trash' || current.kind === 'none' ? null : p.action }
        : p;
    });
    setError(undefined);
    setExported(null);
  }, [current]);

  // The bar goes away with the selection; the focus it held goes back to the list's row.
  const clearAndReturn = (): void => {
    barRef.current?.parentElement?.querySelector<HTMLElement>('.result-scroller .hit-check[tabindex="0"]')?.focus();
    selection.clear();
  };

  if (selection.count === 0) return null;
  const titles = current.kind === 'ids' ? current.ids : NO_TITLES;
  const busy = phase.kind === 'previewing' || phase.kind === 'applying' || phase.kind === 'exporting';

  const preview = (action: Action, changes: BulkChanges): void => {
    const request = selection.request();
    if (!request) return;
    setError(undefined);
    setPhase({ kind: 'previewing', action, changes });
    client.call('entries.bulk', { selection: request, changes, dryRun: true }).then(
      (result) => setPhase((p) => (p.kind === 'previewing' ? { kind: 'preview', action, changes, result } : p)),
      (e: unknown) => {
        setError(e);
        setPhase({ kind: 'choosing', action: action === 'trash' ? null : action });
      },
    );
  };

  const apply = (action: Action, changes: BulkChanges): void => {
    const request = selection.request();
    if (!request) return;
    setError(undefined);
    setReport(undefined);
    setPhase({ kind: 'applying', action });
    client.call('entries.bulk', { selection: request, changes }).then(
      (result) => {
        offerUndo(result.undo, t(DONE_KEY[action], { count: result.changed, n: n(result.changed) }));
        setPhase({ kind: 'choosing', action: null });
        clearAndReturn();
        announceCatalogueChange();
      },
      (e: unknown) => {
        setError(e);
        setPhase({ kind: 'choosing', action: action === 'trash' ? null : action });
      },
    );
  };

  const runExport = (): void => {
    const request = selection.request();
    if (!request || !files) return;
    setError(undefined);
    setExported(null);
    setReport(undefined);
    setPhase({ kind: 'exporting' });
    exportSelection(client, files, request).then(
      (done) => {
        setExported(done);
        setPhase({ kind: 'choosing', action: null });
      },
      (e: unknown) => {
        setError(e);
        setPhase({ kind: 'choosing', action: null });
      },
    );
  };

  const close = (): void => setPhase({ kind: 'choosing', action: null });
  const choosing = phase.kind === 'choosing' ? phase.action : null;
  // The form stays mounted behind its preview, so Back returns to what was chosen.
  const formAction = choosing ?? ((phase.kind === 'previewing' || phase.kind === 'preview') && phase.action !== 'trash' ? phase.action : null);
  return (
    <div
      ref={barRef}
      className="bulk-bar"
      role="region"
      aria-label={t('bulk.barLabel')}
      onKeyDown={(event) => {
        // Escape closes what is open in the bar first; with nothing open it clears the selection.
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        if (phase.kind === 'choosing' && phase.action !== null) close();
        else if (phase.kind === 'choosing') clearAndReturn();
      }}
    >
      {/* What is selected and what can be done stay in sight while a form or preview scrolls below them. */}
      <div className="bulk-head">
        <div className="bulk-summary">
          <strong aria-live="polite">
            {current.kind === 'all'
              ? t('bulk.allMatches', { count: selection.count, n: n(selection.count) })
              : t('bulk.selected', { count: selection.count, n: n(selection.count) })}
          </strong>
          {current.kind !== 'all' && total > selection.count && (
            <button type="button" className="link" onClick={selection.selectAll}>
              {t('bulk.selectAll', { count: total, n: n(total) })}
            </button>
          )}
          <button type="button" className="link" onClick={clearAndReturn}>
            {t('bulk.clear')}
          </button>
        </div>
        <div className="bulk-actions" role="toolbar" aria-label={t('bulk.barLabel')}>
          <button type="button" aria-expanded={choosing === 'edit'} disabled={busy} onClick={() => setPhase({ kind: 'choosing', action: 'edit' })}>
            {t('bulk.edit')}
          </button>
          <button type="button" aria-expanded={choosing === 'duplicates'} disabled={busy} onClick={() => setPhase({ kind: 'choosing', action: 'duplicates' })}>
            {t('bulk.duplicates')}
          </button>
          {files && (
            <button type="button" disabled={busy} onClick={runExport}>
              {t('bulk.export')}
            </button>
          )}
          <button type="button" className="danger" disabled={busy} onClick={() => preview('trash', { trash: true })}>
            {t('bulk.trash')}
          </button>
        </div>
      </div>
      {formAction === 'edit' && <EditForm hidden={choosing === null} onPreview={(changes) => preview('edit', changes)} onCancel={close} />}
      {formAction === 'duplicates' && (
        <DuplicatesForm hidden={choosing === null} titles={titles} onPreview={(changes) => preview('duplicates', changes)} onCancel={close} />
      )}
      {phase.kind === 'previewing' && (
        <p className="muted" role="status">
          {t('bulk.previewing')}
        </p>
      )}
      {phase.kind === 'preview' && (
        <BulkPreview
          result={phase.result}
          titles={titles}
          trash={phase.action === 'trash'}
          onApply={() => apply(phase.action, phase.changes)}
          onBack={() => setPhase({ kind: 'choosing', action: phase.action === 'trash' ? null : phase.action })}
        />
      )}
      {phase.kind === 'applying' && <BulkProgress label={t('bulk.applying')} report={report} />}
      {phase.kind === 'exporting' && <BulkProgress label={t('bulk.exporting')} report={report} />}
      {exported && (
        <p role="status">
          <Sentence k="bulk.exported" count={exported.entries} values={{ n: n(exported.entries), file: <Data>{exported.file}</Data> }} />
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
    </div>
  );
}
