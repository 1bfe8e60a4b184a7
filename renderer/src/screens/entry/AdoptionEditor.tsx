import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BETTER_DIRECTIONS, type BetterDirection } from '../../../../shared/domain.js';
import { RatioError } from '../../../../shared/errors.js';
import { detailOfIssue } from '../../../../shared/issue-detail.js';
import { AdoptionCreate, type Adoption } from '../../../../shared/schemas/entry.js';
import { useTransport } from '../../app/context.js';
import { ErrorMessage, ErrorText } from '../../components/common.js';
import { EnterpriseInput, NewEnterpriseNotice, useEnterpriseMatch, useKnownEnterprises } from './EnterpriseField.js';

interface EffectDraft {
  indicator: string;
  before: string;
  after: string;
  unit: string;
  period: string;
  note: string;
  better: BetterDirection | '';
}

interface AdoptionDraft {
  enterprise: string;
  date: string;
  note: string;
  effects: EffectDraft[];
}

const EMPTY_EFFECT: EffectDraft = { indicator: '', before: '', after: '', unit: '', period: '', note: '', better: '' };

const today = (): string => new Date().toISOString().slice(0, 10);

function draftOf(adoption: Adoption | undefined): AdoptionDraft {
  if (!adoption) return { enterprise: '', date: today(), note: '', effects: [{ ...EMPTY_EFFECT }] };
  return {
    enterprise: adoption.enterprise.name,
    date: adoption.date,
    note: adoption.note,
    effects: adoption.effects.map((e) => ({
      indicator: e.indicator,
      before: e.before === null ? '' : String(e.before),
      after: e.after === null ? '' : String(e.after),
      unit: e.unit,
      period: e.period,
      note: e.note,
      better: e.better ?? '',
    })),
  };
}

/** A number as people type it: a decimal comma or point, spaces between thousands. */
function parseNumber(text: string): number | null | undefined {
  const compact = text
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(',', '.')
    .replace(/^\u2212/, '-');
  if (compact === '') return null;
  const value = Number(compact);
  return Number.isFinite(value) && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(compact) ? value : undefined;
}

type Problems = Record<string, RatioError | 'notNumber'>;

/** The request, and each field's first problem: the core's own schema, plus numbers that do not read as numbers. */
function check(draft: AdoptionDraft, entryId: string): { request: AdoptionCreate | null; problems: Problems } {
  const problems: Problems = {};
  const effects = draft.effects.map((e, i) => {
    const before = parseNumber(e.before);
    const after = parseNumber(e.after);
    if (before === undefined) problems[`effects.${i}.before`] = 'notNumber';
    if (after === undefined) problems[`effects.${i}.after`] = 'notNumber';
    return {
      indicator: e.indicator,
      before: before ?? null,
      after: after ?? null,
      unit: e.unit,
      period: e.period,
      note: e.note,
      better: e.better === '' ? null : e.better,
    };
  });
  const result = AdoptionCreate.safeParse({ entryId, enterprise: draft.enterprise, date: draft.date.trim(), note: draft.note, effects });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const where = issue.path.join('.');
      problems[where] ??= new RatioError('INVALID_INPUT', issue.message, detailOfIssue(issue));
    }
  }
  return { request: result.success && Object.keys(problems).length === 0 ? result.data : null, problems };
}

/**
 * Records or edits an adoption and its measured effects. Each field says its own problem
 * beside it; an enterprise no one has named before is created only once the person says so.
 */
export function AdoptionEditor({
  entryId,
  adoption,
  onDone,
  onCancel,
}: {
  entryId: string;
  adoption?: Adoption;
  onDone: () => void;
  onCancel: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const known = useKnownEnterprises();
  const [draft, setDraft] = useState<AdoptionDraft>(() => draftOf(adoption));
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>();
  const [confirmedNew, setConfirmedNew] = useState<string | null>(null);
  const [askNew, setAskNew] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const match = useEnterpriseMatch(draft.enterprise, known);
  const { problems } = touched ? check(draft, entryId) : { problems: {} as Problems };
  const idBase = adoption ? `ad-${adoption.id.slice(0, 8)}` : 'ad-new';

  useEffect(() => setAskNew(false), [draft.enterprise]);

  const set = <K extends keyof AdoptionDraft>(key: K, value: AdoptionDraft[K]): void => setDraft((d) => ({ ...d, [key]: value }));
  const setEffect = (i: number, patch: Partial<EffectDraft>): void =>
    setDraft((d) => ({ ...d, effects: d.effects.map((e, j) => (j === i ? { ...e, ...patch } : e)) }));

  const submit = async (event?: FormEvent, createNew = confirmedNew): Promise<void> => {
    event?.preventDefault();
    setTouched(true);
    const { request } = check(draft, entryId);
    if (!request) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid=true]')?.focus();
      return;
    }
    if (match.kind === 'new' && createNew !== match.name) {
      setAskNew(true);
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    try {
      // An adoption names an enterprise the catalogue has: the new one, now that the person said so, is created first.
      if (match.kind === 'new') await createEnterprise(match.name);
      if (adoption) {
        await client.call('adoptions.update', {
          id: adoption.id,
          enterprise: request.enterprise,
          date: request.date,
          note: request.note ?? '',
          effects: request.effects ?? [],
        });
      } else {
        await client.call('adoptions.add', request);
      }
      onDone();
    } catch (e) {
      setSaveError(e);
      setSaving(false);
    }
  };

  async function createEnterprise(name: string): Promise<void> {
    try {
      await client.call('enterprises.create', { name });
    } catch (e) {
      // Created by the attempt before this one, which then failed further on.
      if (!(e instanceof RatioError && e.detail?.key === 'core.enterpriseExists')) throw e;
    }
  }

  const problem = (where: string): ReactNode => {
    const p = problems[where];
    if (p === undefined) return null;
    return (
      <small className="field-error" id={`${idBase}-${where.replace(/\./g, '-')}-error`} role="alert">
        {p === 'notNumber' ? t('adoptions.notNumber') : <ErrorText error={p} />}
      </small>
    );
  };
  const invalid = (where: string): boolean => problems[where] !== undefined;
  const described = (where: string): string | undefined => (invalid(where) ? `${idBase}-${where.replace(/\./g, '-')}-error` : undefined);

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>): void => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCancel();
    }
  };

  return (
    <form ref={formRef} className="adoption-editor" onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate aria-labelledby={`${idBase}-title`}>
      <h3 id={`${idBase}-title`}>{adoption ? t('adoptions.editTitle') : t('adoptions.newTitle')}</h3>
      <div className="row">
        <div className={`field${invalid('enterprise') ? ' invalid' : ''}`}>
          <label htmlFor={`${idBase}-enterprise`}>{t('adoptions.enterprise')}</label>
          <EnterpriseInput
            id={`${idBase}-enterprise`}
            value={draft.enterprise}
            onChange={(v) => set('enterprise', v)}
            known={known}
            invalid={invalid('enterprise')}
            autoFocus
          />
          {problem('enterprise')}
          {askNew && match.kind === 'new' && (
            <NewEnterpriseNotice
              match={match}
              onCreate={() => {
                setConfirmedNew(match.name);
                void submit(undefined, match.name);
              }}
              onUse={(name) => set('enterprise', name)}
            />
          )}
        </div>
        <div className={`field${invalid('date') ? ' invalid' : ''}`}>
          <label htmlFor={`${idBase}-date`}>{t('adoptions.date')}</label>
          <input
            id={`${idBase}-date`}
            value={draft.date}
            onChange={(e) => set('date', e.target.value)}
            placeholder={t('adoptions.dateHint')}
            size={12}
            aria-invalid={invalid('date')}
            aria-describedby={described('date')}
          />
          <small className="muted">{t('adoptions.dateHint')}</small>
          {problem('date')}
        </div>
      </div>
      <div className={`field${invalid('note') ? ' invalid' : ''}`}>
        <label htmlFor={`${idBase}-note`}>{t('adoptions.note')}</label>
        <textarea id={`${idBase}-note`} rows={2} value={draft.note} onChange={(e) => set('note', e.target.value)} />
        {problem('note')}
      </div>
      <fieldset className="effects-editor">
        <legend>{t('adoptions.effects')}</legend>
        {draft.effects.length === 0 && <p className="muted">{t('adoptions.noEffects')}</p>}
        {draft.effects.map((effect, i) => {
          const at = (name: string): string => `effects.${i}.${name}`;
          const fid = (name: string): string => `${idBase}-e${i}-${name}`;
          return (
            <div key={i} className="effect-row" role="group" aria-label={t('adoptions.effectNumber', { number: i + 1 })}>
              <div className={`field indicator${invalid(at('indicator')) ? ' invalid' : ''}`}>
                <label htmlFor={fid('indicator')}>{t('adoptions.indicator')}</label>
                <input
                  id={fid('indicator')}
                  value={effect.indicator}
                  onChange={(e) => setEffect(i, { indicator: e.target.value })}
                  aria-invalid={invalid(at('indicator'))}
                  aria-describedby={described(at('indicator'))}
                />
                {problem(at('indicator'))}
              </div>
              {(['before', 'after'] as const).map((name) => (
                <div key={name} className={`field number${invalid(at(name)) ? ' invalid' : ''}`}>
                  <label htmlFor={fid(name)}>{t(`adoptions.${name}`)}</label>
                  <input
                    id={fid(name)}
                    inputMode="decimal"
                    size={8}
                    value={effect[name]}
                    onChange={(e) => setEffect(i, { [name]: e.target.value })}
                    aria-invalid={invalid(at(name))}
                    aria-describedby={described(at(name))}
                  />
                  {problem(at(name))}
                </div>
              ))}
              <div className={`field unit${invalid(at('unit')) ? ' invalid' : ''}`}>
                <label htmlFor={fid('unit')}>{t('adoptions.unit')}</label>
                <input
                  id={fid('unit')}
                  size={6}
                  value={effect.unit}
                  onChange={(e) => setEffect(i, { unit: e.target.value })}
                  aria-invalid={invalid(at('unit'))}
                />
                {problem(at('unit'))}
              </div>
              <div className={`field period${invalid(at('period')) ? ' invalid' : ''}`}>
                <label htmlFor={fid('period')}>{t('adoptions.period')}</label>
                <input
                  id={fid('period')}
                  size={12}
                  value={effect.period}
                  onChange={(e) => setEffect(i, { period: e.target.value })}
                  aria-invalid={invalid(at('period'))}
                />
                {problem(at('period'))}
              </div>
              <div className="field better">
                <label htmlFor={fid('better')}>{t('adoptions.better')}</label>
                <select id={fid('better')} value={effect.better} onChange={(e) => setEffect(i, { better: e.target.value as EffectDraft['better'] })}>
                  <option value="">{t('adoptions.betterUnknown')}</option>
                  {BETTER_DIRECTIONS.map((d) => (
                    <option key={d} value={d}>
                      {t(d === 'higher' ? 'adoptions.betterHigher' : 'adoptions.betterLower')}
                    </option>
                  ))}
                </select>
              </div>
              <button type="button" className="remove-effect" onClick={() => setDraft((d) => ({ ...d, effects: d.effects.filter((_, j) => j !== i) }))}>
                {t('adoptions.removeEffect', { number: i + 1 })}
              </button>
            </div>
          );
        })}
        <button type="button" onClick={() => setDraft((d) => ({ ...d, effects: [...d.effects, { ...EMPTY_EFFECT }] }))} disabled={draft.effects.length >= 50}>
          {t('adoptions.addEffect')}
        </button>
        {problem('effects')}
      </fieldset>
      {saveError !== undefined && <ErrorMessage error={saveError} />}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? t('adoptions.saving') : t('adoptions.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}
