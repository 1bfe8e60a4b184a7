import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LABEL_KINDS, type Concept, type LabelKind } from '../../../../shared/schemas/thesaurus.js';
import { useTransport } from '../../app/context.js';
import { offerUndo } from '../../app/undo.js';
import { useCall } from '../../app/use-call.js';
import { Data, ErrorMessage, Loading, Sentence } from '../../components/common.js';
import { LangBadge } from './LabelCells.js';
import { LanguageSelect } from './LanguageSelect.js';
import { SHOWN_LANGUAGES, conceptName, type ShownLanguage, type TreeRow } from './concept-tree.js';
import { countedList } from './counted-list.js';

/** The part of the editor an action belongs to: its outcome is said beside it, not where the page may have scrolled away from. */
type Part = 'labels' | 'note' | 'codes' | 'move' | 'merge' | 'delete';

/** The move picker's value for "at the top level" (a concept id never is empty). */
const TOP = '';

/** What a merge of `concept` would move, counted as the merge handler counts it. */
function mergeParts(concept: Concept): [string, number][] {
  return [
    ['labels', concept.labels.length],
    ['links', concept.broader.length + concept.narrower.length + concept.related.length],
    ['codes', concept.codes.length],
    ['tags', concept.tags.length],
  ];
}

/**
 * A labelled choice of another concept by name, or of `none` (TOP): the move and merge
 * pickers. The names are the catalogue's text (data-content), which the interface-language
 * checks skip.
 */
function ConceptSelect(props: {
  label: string;
  none: string;
  concepts: readonly { id: string; name: string }[];
  value: string;
  onChange: (id: string) => void;
}): ReactNode {
  return (
    <label>
      {props.label}{' '}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value={TOP}>{props.none}</option>
        {props.concepts.map((o) => (
          <option key={o.id} value={o.id} data-content="">
            {o.name}
          </option>
        ))}
      </select>
    </label>
  );
}

interface Props {
  id: string;
  rows: readonly TreeRow[];
  /** Something the tree shows changed (a label, a move, a merge). */
  onChanged: () => void;
  onSelect: (id: string, notice?: string) => void;
  onDeleted: () => void;
}

/** One concept: its labels per language, scope notes, IPC codes, its place in the tree, and merging it away. */
export function ConceptEditor({ id, rows, onChanged, onSelect, onDeleted }: Props): ReactNode {
  const { t, i18n } = useTranslation();
  const { client } = useTransport();
  const concept = useCall('thesaurus.get', { id });
  const [outcome, setOutcome] = useState<{ part: Part; error?: unknown; notice?: string }>();
  const [labelLang, setLabelLang] = useState<ShownLanguage>('zh-Hans');
  const [labelKind, setLabelKind] = useState<LabelKind>('pref');
  const [labelText, setLabelText] = useState('');
  const [noteLang, setNoteLang] = useState<ShownLanguage>('en');
  const [noteText, setNoteText] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [broader, setBroader] = useState<string | null>(null);
  const [mergeInto, setMergeInto] = useState(TOP);
  const lang = i18n.language === 'zh' ? 'zh-Hans' : i18n.language;
  const byId = useMemo(() => new Map(rows.map((r) => [r.node.id, r.node])), [rows]);
  const others = useMemo(
    () =>
      rows
        .filter((r) => r.node.id !== id)
        .map((r) => ({ id: r.node.id, name: conceptName(r.node, lang) }))
        .sort((a, b) => a.name.localeCompare(b.name, lang)),
    [rows, id, lang],
  );

  if (concept.error) return <ErrorMessage error={concept.error} onRetry={concept.reload} />;
  const data = concept.data;
  if (!data) return <Loading />;
  const name = (other: string): string => {
    const node = byId.get(other);
    return node ? conceptName(node, lang) : other;
  };
  const languageName = (tag: string): string => (i18n.exists(`thesaurus.languages.${tag}`) ? t(`thesaurus.languages.${tag}`) : tag);

  /** Runs a write; on success the concept and the tree are read again and `done` says so. */
  const write = async (part: Part, run: () => Promise<unknown>, done?: string): Promise<boolean> => {
    setOutcome(undefined);
    try {
      await run();
      setOutcome({ part, notice: done });
      concept.reload();
      onChanged();
      return true;
    } catch (e) {
      setOutcome({ part, error: e });
      return false;
    }
  };
  const said = (part: Part): ReactNode =>
    outcome?.part !== part ? null : outcome.error !== undefined ? (
      <ErrorMessage error={outcome.error} />
    ) : outcome.notice ? (
      <p role="status" className="notice">
        {outcome.notice}
      </p>
    ) : null;

  const addLabel = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (await write('labels', () => client.call('thesaurus.addLabel', { id, lang: labelLang, kind: labelKind, text: labelText }))) setLabelText('');
  };
  const note = noteText ?? data.scopeNotes.find((n) => n.lang === noteLang)?.text ?? '';
  const saveNote = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (await write('note', () => client.call('thesaurus.update', { id, scopeNote: { lang: noteLang, text: note } }), t('thesaurus.editor.noteSaved')))
      setNoteText(null);
  };
  const addCode = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (await write('codes', () => client.call('thesaurus.update', { id, addCodes: [code] }))) setCode('');
  };
  const currentBroader = data.broader[0] ?? TOP;
  const moveTo = broader ?? currentBroader;
  const move = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (await write('move', () => client.call('thesaurus.move', { id, broader: moveTo === TOP ? null : moveTo }), t('thesaurus.editor.moved')))
      setBroader(null);
  };
  const merge = async (): Promise<void> => {
    setOutcome(undefined);
    try {
      const names = { from: name(id), into: name(mergeInto) };
      const result = await client.call('thesaurus.merge', { from: id, into: mergeInto });
      onChanged();
      const parts = countedList(t, i18n.language, 'thesaurus.parts', Object.entries(result.moved));
      onSelect(mergeInto, t('thesaurus.editor.merged', { parts }));
      // The toast (or Ctrl/Cmd+Z) takes it back; the concept merged away is then shown again.
      offerUndo(result.undo, t('thesaurus.editor.mergeUndoLabel', names), () => onSelect(id, t('thesaurus.editor.unmerged')));
    } catch (e) {
      setOutcome({ part: 'merge', error: e });
    }
  };

  const remove = async (): Promise<void> => {
    if (!window.confirm(t('thesaurus.delete.confirm'))) return;
    setOutcome(undefined);
    try {
      await client.call('thesaurus.delete', { id });
      onDeleted();
      onChanged();
    } catch (e) {
      setOutcome({ part: 'delete', error: e });
    }
  };

  const languages = [...SHOWN_LANGUAGES, ...new Set(data.labels.map((l) => l.lang).filter((l) => !(SHOWN_LANGUAGES as readonly string[]).includes(l)))];
  const related = (ids: readonly string[]): ReactNode =>
    ids.length === 0 ? (
      <span className="muted">{t('thesaurus.editor.none')}</span>
    ) : (
      <ul className="concept-links">
        {ids.map((other) => (
          <li key={other}>
            <button type="button" className="link" onClick={() => onSelect(other)}>
              <Data>{name(other)}</Data>
            </button>
          </li>
        ))}
      </ul>
    );

  return (
    <div className="concept-editor">
      <h2>
        <Data lang={lang}>{name(id) === id ? (data.labels[0]?.text ?? data.uri) : name(id)}</Data>
      </h2>
      <p className="muted">
        {t('thesaurus.editor.uri')}: <Data className="concept-uri">{data.uri}</Data>
      </p>

      <h3>{t('thesaurus.editor.labels')}</h3>
      <dl className="concept-labels">
        {languages.map((l) => {
          const labels = data.labels.filter((label) => label.lang === l);
          return (
            <div key={l} className="concept-labels-lang">
              <dt>
                <LangBadge lang={l} /> {languageName(l)}
              </dt>
              <dd>
                {labels.length === 0 ? (
                  <span className="muted">{t('thesaurus.noLabel')}</span>
                ) : (
                  <ul>
                    {labels.map((label) => (
                      <li key={`${label.kind}:${label.text}`} className={`concept-label-${label.kind}`}>
                        <Data lang={l}>{label.text}</Data> <span className="muted">({t(`thesaurus.editor.${label.kind}`)})</span>{' '}
                        <button
                          type="button"
                          className="icon"
                          aria-label={t('thesaurus.editor.removeLabel')}
                          title={t('thesaurus.editor.removeLabel')}
                          onClick={() =>
                            void write('labels', () => client.call('thesaurus.removeLabel', { id, lang: label.lang, kind: label.kind, text: label.text }))
                          }
                        >
                          ×
                        </button>
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
      <form className="inline-form" onSubmit={(e) => void addLabel(e)} aria-label={t('thesaurus.editor.addLabel')}>
        <LanguageSelect label={t('thesaurus.editor.language')} value={labelLang} onChange={setLabelLang} />
        <label>
          {t('thesaurus.editor.kind')}{' '}
          <select value={labelKind} onChange={(e) => setLabelKind(e.target.value as LabelKind)}>
            {LABEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`thesaurus.editor.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('thesaurus.editor.text')} <input value={labelText} onChange={(e) => setLabelText(e.target.value)} lang={labelLang} required />
        </label>
        <button type="submit" className="primary">
          {t('thesaurus.editor.addLabel')}
        </button>
        {labelKind === 'pref' && <span className="muted">{t('thesaurus.editor.prefReplaces')}</span>}
      </form>
      {said('labels')}

      <h3>{t('thesaurus.editor.scopeNote')}</h3>
      <form className="concept-note" onSubmit={(e) => void saveNote(e)}>
        <LanguageSelect
          label={t('thesaurus.editor.language')}
          value={noteLang}
          onChange={(l) => {
            setNoteLang(l);
            setNoteText(null);
          }}
        />
        <textarea
          aria-label={t('thesaurus.editor.scopeNote')}
          value={note}
          lang={noteLang}
          rows={3}
          placeholder={t('thesaurus.editor.noScopeNote')}
          onChange={(e) => setNoteText(e.target.value)}
        />
        <button type="submit">{t('thesaurus.editor.saveNote')}</button>
      </form>
      {said('note')}

      <h3>{t('thesaurus.editor.codes')}</h3>
      {data.codes.length === 0 ? (
        <p className="muted">{t('thesaurus.editor.noCodes')}</p>
      ) : (
        <ul className="concept-codes">
          {data.codes.map((c) => (
            <li key={c.code}>
              <Data>{c.code}</Data>{' '}
              <button
                type="button"
                className="icon"
                aria-label={t('thesaurus.editor.removeCode')}
                title={t('thesaurus.editor.removeCode')}
                onClick={() => void write('codes', () => client.call('thesaurus.update', { id, removeCodes: [c.code] }))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={(e) => void addCode(e)}>
        <label>
          {t('thesaurus.editor.addCode')}{' '}
          <input value={code} onChange={(e) => setCode(e.target.value)} placeholder={t('thesaurus.editor.codePlaceholder')} required />
        </label>
        <button type="submit">{t('thesaurus.editor.add')}</button>
      </form>
      {said('codes')}

      <h3>{t('thesaurus.editor.broader')}</h3>
      {related(data.broader)}
      <form className="inline-form" onSubmit={(e) => void move(e)}>
        <ConceptSelect label={t('thesaurus.editor.moveUnder')} none={t('thesaurus.editor.top')} concepts={others} value={moveTo} onChange={setBroader} />
        <button type="submit" disabled={moveTo === currentBroader && data.broader.length <= 1}>
          {t('thesaurus.editor.move')}
        </button>
      </form>
      {said('move')}
      <h3>{t('thesaurus.editor.narrower')}</h3>
      {related(data.narrower)}
      <h3>{t('thesaurus.editor.related')}</h3>
      {related(data.related)}
      <h3>{t('thesaurus.editor.linkedTags')}</h3>
      {data.tags.length === 0 ? (
        <p className="muted">{t('thesaurus.editor.none')}</p>
      ) : (
        <ul className="concept-tags">
          {data.tags.map((tag) => (
            <li key={tag.id}>
              <Data>{tag.path}</Data>
            </li>
          ))}
        </ul>
      )}

      <h3>{t('thesaurus.editor.merge')}</h3>
      <div className="inline-form">
        <ConceptSelect
          label={t('thesaurus.editor.mergeInto')}
          none={t('thesaurus.editor.choose')}
          concepts={others}
          value={mergeInto}
          onChange={setMergeInto}
        />
      </div>
      {mergeInto !== TOP && (
        <div className="merge-preview" role="group" aria-label={t('thesaurus.editor.merge')}>
          <p>
            <Sentence
              k="thesaurus.editor.preview"
              values={{ target: <Data>{name(mergeInto)}</Data>, parts: countedList(t, i18n.language, 'thesaurus.parts', mergeParts(data)) }}
            />
          </p>
          <button type="button" className="danger" onClick={() => void merge()}>
            {t('thesaurus.editor.mergeConfirm')}
          </button>{' '}
          <button type="button" onClick={() => setMergeInto(TOP)}>
            {t('thesaurus.editor.cancel')}
          </button>
        </div>
      )}
      {said('merge')}
      <p>
        <button type="button" className="danger" onClick={() => void remove()}>
          {t('thesaurus.delete.button')}
        </button>
      </p>
      {said('delete')}
    </div>
  );
}
