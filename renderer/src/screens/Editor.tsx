import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ENTRY_KINDS, ENTRY_STATUSES, type EntryKind, type EntryStatus } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import { detailOfIssue } from '../../../shared/issue-detail.js';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/contract/catalogue.js';
import { EntryCreate, EntryPatch, snapshotOf, type Entry, type EntrySnapshot, type NewAttachment } from '../../../shared/schemas/entry.js';
import { useTransport } from '../app/context.js';
import { addNavigationGuard, navigate } from '../app/router.js';
import { canRetry, useCall } from '../app/use-call.js';
import { Data, ErrorMessage, ErrorText, Loading } from '../components/common.js';
import { FileDrop } from '../components/FileDrop.js';
import { TagPicker } from '../components/TagPicker.js';
import { BodyFailed, ErrorBoundary } from '../components/ErrorBoundary.js';
import { MarkdownView, attachmentPrefixOf } from '../components/MarkdownView.js';
import { formatBytes } from '../i18n/format.js';
import { EnterpriseInput, NewEnterpriseNotice, useEnterpriseMatch, useKnownEnterprises } from './entry/EnterpriseField.js';

/** The form's state: the entry's snapshot with its name lists as text, one name per line. */
type Draft = Omit<EntrySnapshot, 'attachments' | 'enterprise' | 'authors' | 'classification'> & {
  enterprise: string;
  authors: string;
  classification: string;
};

const EMPTY: Draft = {
  kind: 'proposal',
  title: '',
  summary: '',
  body: '',
  status: 'draft',
  language: 'en',
  enterprise: '',
  registration: '',
  authors: '',
  tags: [],
  classification: '',
};

function draftOf(entry: Entry): Draft {
  const { attachments: _attachments, ...snapshot } = snapshotOf(entry);
  return {
    ...snapshot,
    enterprise: snapshot.enterprise ?? '',
    authors: snapshot.authors.join('\n'),
    classification: snapshot.classification.join('\n'),
  };
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);

function requestOf(draft: Draft): Record<string, unknown> {
  return {
    kind: draft.kind,
    title: draft.title,
    summary: draft.summary,
    body: draft.body,
    status: draft.status,
    language: draft.language,
    enterprise: draft.enterprise.trim() === '' ? null : draft.enterprise.trim(),
    registration: draft.registration,
    authors: lines(draft.authors),
    tags: draft.tags,
    classification: lines(draft.classification),
  };
}

/**
 * Field → its first problem, from the same zod schema the core applies at its boundary, as
 * the core would report it (so it is said in the interface language the same way).
 */
function validate(draft: Draft): Record<string, RatioError> {
  const result = EntryCreate.safeParse(requestOf(draft));
  if (result.success) return {};
  const errors: Record<string, RatioError> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= new RatioError('INVALID_INPUT', issue.message, detailOfIssue(issue));
  }
  return errors;
}

/** The preview has no attachment URLs: references show as missing until the entry is saved. */
const NO_ATTACHMENTS: ReadonlyMap<string, string> = new Map();

interface PendingFile {
  name: string;
  size: number;
  type: string;
  file: File;
}

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** At most this many files go with entries.create (its own limit); more, or larger, are attached one by one afterwards. */
const FILES_WITH_CREATE = 20;

/** Whether the files can travel with the new entry, so it opens at revision 1 with them. */
function fitsInCreate(files: readonly PendingFile[]): boolean {
  return files.length <= FILES_WITH_CREATE && files.reduce((n, f) => n + f.size, 0) <= MAX_ATTACHMENT_BYTES;
}

function EditorForm({ entry }: { entry?: Entry }): ReactNode {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  // A new entry is most likely written in the language the person works in.
  const initial = useMemo(() => (entry ? draftOf(entry) : { ...EMPTY, language: i18n.language }), [entry, i18n.language]);
  const [draft, setDraft] = useState<Draft>(initial);
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<{ error: unknown; retry: boolean }>();
  const formRef = useRef<HTMLFormElement>(null);
  const known = useKnownEnterprises();
  const enterpriseMatch = useEnterpriseMatch(draft.enterprise, known);
  // The enterprise's name as it already was, or one the person said to create: saving never makes one silently.
  const [confirmedEnterprise, setConfirmedEnterprise] = useState<string | null>(entry?.enterprise?.name ?? null);
  const [askEnterprise, setAskEnterprise] = useState(false);
  const errors = touched ? validate(draft) : {};
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial) || files.length > 0;
  const dirtyRef = useRef(dirty);
  dirtyRef.current = dirty && !saving;

  useEffect(() => {
    const remove = addNavigationGuard(() => !dirtyRef.current || window.confirm(t('editor.unsaved')));
    const beforeUnload = (event: BeforeUnloadEvent): void => {
      if (dirtyRef.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      remove();
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [t]);

  // Ctrl/Cmd+S saves, from any field of the form.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        formRef.current?.requestSubmit();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => setAskEnterprise(false), [draft.enterprise]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]): void => setDraft((d) => ({ ...d, [key]: value }));
  const addFiles = (list: File[]): void => {
    setFiles((current) => [...current, ...list.map((file) => ({ name: file.name, size: file.size, type: file.type, file }))]);
  };

  const save = async (event?: FormEvent, createEnterprise = confirmedEnterprise): Promise<void> => {
    event?.preventDefault();
    if (saving) return;
    setTouched(true);
    if (Object.keys(validate(draft)).length > 0) return;
    if (enterpriseMatch.kind === 'new' && createEnterprise !== enterpriseMatch.name) {
      setAskEnterprise(true);
      document.getElementById('f-enterprise')?.focus();
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    // Saving again is safe only while nothing has been written: a retry after the entry was
    // saved but an attachment was not would meet the entry's new revision as a conflict.
    let wrote = false;
    let pending = files;
    try {
      const request = requestOf(draft);
      let saved: Entry;
      if (entry) {
        const changed = Object.fromEntries(Object.entries(request).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(requestOf(initial)[key])));
        saved =
          Object.keys(changed).length > 0
            ? await transport.client.call('entries.update', { id: entry.id, patch: EntryPatch.parse(changed), expectedRevision: entry.revision })
            : entry;
      } else {
        // The files go with the entry when they fit: one transaction, one revision.
        const withCreate = fitsInCreate(files);
        const attachments: NewAttachment[] = withCreate
          ? await Promise.all(files.map(async (f) => ({ name: f.name, mediaType: f.type || undefined, contentBase64: await toBase64(f.file) })))
          : [];
        saved = await transport.client.call('entries.create', EntryCreate.parse({ ...request, ...(attachments.length > 0 ? { attachments } : {}) }));
        if (withCreate) pending = [];
      }
      wrote = saved !== entry;
      for (const f of pending) {
        saved = await transport.client.call('attachments.add', {
          entryId: saved.id,
          name: f.name,
          mediaType: f.type || undefined,
          contentBase64: await toBase64(f.file),
        });
      }
      dirtyRef.current = false;
      navigate({ screen: 'entry', id: saved.id });
    } catch (e) {
      // Retry only repeats a save that wrote nothing: a busy catalogue before the entry was saved.
      setSaveError(canRetry(e) && !wrote ? { error: e, retry: true } : { error: e, retry: false });
      setSaving(false);
    }
  };

  const field = (name: keyof Draft, label: string, input: ReactNode, hint?: string): ReactNode => (
    <div className={`field${errors[name] ? ' invalid' : ''}`}>
      <label htmlFor={`f-${name}`}>{label}</label>
      {input}
      {hint && <small className="muted">{hint}</small>}
      {errors[name] && (
        <small className="field-error" id={`f-${name}-error`} role="alert">
          <ErrorText error={errors[name]} />
        </small>
      )}
    </div>
  );

  return (
    <form ref={formRef} className="editor" onSubmit={(e) => void save(e)} noValidate>
      <h1>{entry ? t('editor.editTitle') : t('editor.newTitle')}</h1>
      {field(
        'title',
        t('editor.title'),
        <input id="f-title" value={draft.title} onChange={(e) => set('title', e.target.value)} aria-invalid={Boolean(errors.title)} autoFocus />,
      )}
      <div className="row">
        {field(
          'kind',
          t('entry.kind'),
          <select id="f-kind" value={draft.kind} onChange={(e) => set('kind', e.target.value as EntryKind)}>
            {ENTRY_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </select>,
        )}
        {field(
          'status',
          t('entry.status'),
          <select id="f-status" value={draft.status} onChange={(e) => set('status', e.target.value as EntryStatus)}>
            {ENTRY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>,
        )}
        {field('language', t('entry.language'), <input id="f-language" value={draft.language} onChange={(e) => set('language', e.target.value)} size={6} />)}
      </div>
      <div className="row">
        <div className={`field${errors.enterprise ? ' invalid' : ''}`}>
          <label htmlFor="f-enterprise">{t('entry.enterprise')}</label>
          <EnterpriseInput
            id="f-enterprise"
            value={draft.enterprise}
            onChange={(v) => set('enterprise', v)}
            known={known}
            invalid={Boolean(errors.enterprise)}
          />
          {errors.enterprise && (
            <small className="field-error" id="f-enterprise-error" role="alert">
              <ErrorText error={errors.enterprise} />
            </small>
          )}
          {askEnterprise && enterpriseMatch.kind === 'new' && (
            <NewEnterpriseNotice
              match={enterpriseMatch}
              onCreate={() => {
                setConfirmedEnterprise(enterpriseMatch.name);
                void save(undefined, enterpriseMatch.name);
              }}
              onUse={(name) => set('enterprise', name)}
            />
          )}
        </div>
        {field(
          'registration',
          t('entry.registration'),
          <input id="f-registration" value={draft.registration} onChange={(e) => set('registration', e.target.value)} />,
        )}
      </div>
      {field('summary', t('editor.summary'), <textarea id="f-summary" rows={3} value={draft.summary} onChange={(e) => set('summary', e.target.value)} />)}
      <div className="split">
        {field('body', t('editor.body'), <textarea id="f-body" rows={16} value={draft.body} onChange={(e) => set('body', e.target.value)} className="mono" />)}
        <div className="field">
          <span className="label">{t('editor.preview')}</span>
          <ErrorBoundary resetKey={draft.body} fallback={() => <BodyFailed source={draft.body} />}>
            <MarkdownView
              source={draft.body}
              attachments={NO_ATTACHMENTS}
              attachmentPrefix={attachmentPrefixOf(transport)}
              className="preview"
              label={t('editor.preview')}
              lang={draft.language}
            />
          </ErrorBoundary>
        </div>
      </div>
      <div className="row">
        {field(
          'authors',
          t('entry.authors'),
          <textarea id="f-authors" rows={3} value={draft.authors} onChange={(e) => set('authors', e.target.value)} />,
          t('editor.authorsHint'),
        )}
        {field(
          'classification',
          t('entry.classification'),
          <textarea id="f-classification" rows={3} value={draft.classification} onChange={(e) => set('classification', e.target.value)} />,
          t('editor.classificationHint'),
        )}
      </div>
      {field('tags', t('entry.tags'), <TagPicker id="f-tags" value={draft.tags} onChange={(tags) => set('tags', tags)} />)}
      <FileDrop label={t('editor.chooseFiles')} multiple onFiles={addFiles}>
        <span className="label">{t('editor.attachments')}</span> <span className="muted">{t('editor.attachHint')}</span>
        <ul>
          {entry?.attachments.map((a) => (
            <li key={a.name}>
              <Data>{a.name}</Data> <span className="muted">{formatBytes(a.size, t, i18n.language)}</span>
            </li>
          ))}
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              <Data>{f.name}</Data> <span className="muted">{formatBytes(f.size, t, i18n.language)}</span>{' '}
              <button type="button" onClick={() => setFiles((fs) => fs.filter((_, j) => j !== i))} aria-label={`${t('app.delete')} ${f.name}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
      </FileDrop>
      {saveError !== undefined && <ErrorMessage error={saveError.error} onRetry={saveError.retry ? () => formRef.current?.requestSubmit() : undefined} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t('editor.saving') : t('app.save')}
        </button>
        <button type="button" onClick={() => navigate(entry ? { screen: 'entry', id: entry.id } : { screen: 'library' })}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}

export function Editor({ id }: { id?: string }): ReactNode {
  const { data, error, reload } = useCall('entries.get', id ? { id } : null);
  if (!id) return <EditorForm />;
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  return <EditorForm entry={data} />;
}
