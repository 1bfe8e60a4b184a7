import { useCallback, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RatioError } from '../../../shared/errors.js';
import type { Enterprise } from '../../../shared/schemas/catalogue.js';
import { useTransport } from '../app/context.js';
import { announceCatalogueChange, useCatalogueChanged } from '../app/undo.js';
import { useCall } from '../app/use-call.js';
import { OwnEnterpriseForm } from '../components/OwnEnterprise.js';
import { Data, ErrorMessage, Loading, Sentence } from '../components/common.js';
import { plainName } from '../text/bidi.js';

type Mode = { kind: 'edit' } | { kind: 'merge' };

/** What still names an enterprise the core refused to delete, each count in the interface language's plural. */
const USE_KEYS = ['entries', 'adoptions', 'trashedAdoptions', 'received', 'sent'] as const;

/** The core's refusal to delete a used enterprise, said with its counts; any other failure as usual. */
function DeleteRefusal({ error }: { error: unknown }): ReactNode {
  const { t } = useTranslation();
  if (!(error instanceof RatioError) || error.detail?.key !== 'core.enterpriseInUse') return <ErrorMessage error={error} />;
  const params = error.detail.params ?? {};
  const uses = USE_KEYS.map((key) => [key, Number(params[key] ?? 0)] as const).filter(([, n]) => n > 0);
  return (
    <div className="error" role="alert">
      <strong>{t('app.errorLabel')}</strong> <Sentence k="curation.enterprises.inUse" values={{ name: <Data>{String(params.name ?? '')}</Data> }} />
      <ul>
        {uses.map(([key, n]) => (
          <li key={key}>{t(`curation.enterprises.uses.${key}`, { count: n })}</li>
        ))}
        {Number(params.key ?? 0) > 0 && <li>{t('curation.enterprises.uses.key')}</li>}
      </ul>
      {t('curation.enterprises.inUseHint')}
    </div>
  );
}

interface MergeCounts {
  into: string;
  entries: number;
  adoptions: number;
  bundles: number;
  exports: number;
  keyMoved: boolean;
}

function EditForm({ enterprise, onDone, onCancel }: { enterprise: Enterprise; onDone: () => void; onCancel: () => void }): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const [form, setForm] = useState({ name: enterprise.name, place: enterprise.place, industry: enterprise.industry });
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>();
  const errorId = `ent-${enterprise.id}-name-error`;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (form.name.trim() === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    client.call('enterprises.update', { ref: enterprise.id, ...form }).then(onDone, (e: unknown) => setError(e));
  };
  return (
    <form className="inline-form enterprise-edit" onSubmit={submit} noValidate onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      {(['name', 'place', 'industry'] as const).map((key) => (
        <label key={key}>
          {t(`enterprises.${key}`)}{' '}
          <input
            name={key}
            value={form[key]}
            onChange={(e) => setForm({ ...form, [key]: e.target.value })}
            autoFocus={key === 'name'}
            aria-invalid={key === 'name' && missing ? 'true' : undefined}
            aria-describedby={key === 'name' && missing ? errorId : undefined}
          />
        </label>
      ))}
      <button type="submit" className="primary">
        {t('curation.enterprises.saveChanges')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('app.cancel')}
      </button>
      {missing && (
        <p id={errorId} className="field-error">
          {t('curation.enterprises.nameRequired')}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
    </form>
  );
}

function MergeForm({
  from,
  others,
  onMerged,
  onCancel,
}: {
  from: Enterprise;
  others: Enterprise[];
  onMerged: (counts: MergeCounts) => void;
  onCancel: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const [into, setInto] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>();
  const errorId = `ent-${from.id}-merge-error`;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const target = others.find((o) => o.id === into);
    if (!target) {
      setMissing(true);
      return;
    }
    setMissing(false);
    if (!window.confirm(t('curation.enterprises.mergeConfirm', { from: plainName(from.name), into: plainName(target.name) }))) return;
    client.call('enterprises.merge', { from: from.id, into: target.id }).then(
      (r) => onMerged({ into: r.into.name, entries: r.entries, adoptions: r.adoptions, bundles: r.bundles, exports: r.exports, keyMoved: r.keyMoved }),
      (e: unknown) => setError(e),
    );
  };
  return (
    <form className="inline-form enterprise-merge" onSubmit={submit} noValidate onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <label>
        {t('curation.enterprises.mergeInto')}{' '}
        <select
          value={into}
          onChange={(e) => setInto(e.target.value)}
          autoFocus
          aria-invalid={missing ? 'true' : undefined}
          aria-describedby={missing ? errorId : undefined}
        >
          <option value="">{t('curation.enterprises.choose')}</option>
          {others.map((o) => (
            <option key={o.id} value={o.id} data-content="">
              {plainName(o.name)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary">
        {t('curation.enterprises.merge')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('app.cancel')}
      </button>
      <p className="muted">{t('curation.enterprises.mergeExplains')}</p>
      {missing && (
        <p id={errorId} className="field-error">
          {t('curation.enterprises.chooseRequired')}
        </p>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
    </form>
  );
}

function EnterpriseRow({
  enterprise,
  all,
  onChanged,
  onMerged,
}: {
  enterprise: Enterprise;
  all: Enterprise[];
  onChanged: () => void;
  onMerged: (counts: MergeCounts) => void;
}): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const [mode, setMode] = useState<Mode>();
  const [deleteError, setDeleteError] = useState<unknown>();
  const name = plainName(enterprise.name);
  const remove = (): void => {
    setDeleteError(undefined);
    if (!window.confirm(t('curation.enterprises.deleteConfirm', { name }))) return;
    client.call('enterprises.delete', { ref: enterprise.id }).then(onChanged, (e: unknown) => setDeleteError(e));
  };
  return (
    <>
      <tr data-id={enterprise.id}>
        <td>
          <Data>{enterprise.name}</Data>
          {enterprise.isSelf && <span className="self-badge"> · {t('curation.enterprises.self')}</span>}
        </td>
        <td data-content="">{enterprise.place}</td>
        <td data-content="">{enterprise.industry}</td>
        <td className="number">{enterprise.entryCount}</td>
        <td className="row-actions">
          <button type="button" onClick={() => setMode({ kind: 'edit' })} aria-label={t('curation.enterprises.editNamed', { name })}>
            {t('curation.enterprises.edit')}
          </button>{' '}
          <button
            type="button"
            onClick={() => setMode({ kind: 'merge' })}
            disabled={all.length < 2}
            aria-label={t('curation.enterprises.mergeNamed', { name })}
          >
            {t('curation.enterprises.mergeStart')}
          </button>{' '}
          <button
            type="button"
            className="danger"
            onClick={remove}
            disabled={enterprise.isSelf}
            title={enterprise.isSelf ? t('curation.enterprises.ownNotDeleted') : undefined}
            aria-label={t('curation.enterprises.deleteNamed', { name })}
          >
            {t('app.delete')}
          </button>
        </td>
      </tr>
      {(mode || deleteError !== undefined) && (
        <tr className="row-detail">
          <td colSpan={5}>
            {mode?.kind === 'edit' && (
              <EditForm
                enterprise={enterprise}
                onCancel={() => setMode(undefined)}
                onDone={() => {
                  setMode(undefined);
                  onChanged();
                }}
              />
            )}
            {mode?.kind === 'merge' && (
              <MergeForm
                from={enterprise}
                others={all.filter((o) => o.id !== enterprise.id)}
                onCancel={() => setMode(undefined)}
                onMerged={(counts) => {
                  setMode(undefined);
                  onMerged(counts);
                }}
              />
            )}
            {deleteError !== undefined && <DeleteRefusal error={deleteError} />}
          </td>
        </tr>
      )}
    </>
  );
}

export function Enterprises(): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const { data, error, reload } = useCall('enterprises.list', {});
  const info = useCall('catalogue.info', {});
  const reloadInfo = info.reload;
  const [form, setForm] = useState({ name: '', place: '', industry: '' });
  const [formError, setFormError] = useState<unknown>();
  const [merged, setMerged] = useState<MergeCounts | null>(null);
  const refresh = useCallback(() => {
    reload();
    reloadInfo();
  }, [reload, reloadInfo]);
  useCatalogueChanged(refresh);
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const own = info.data?.ownEnterprise ?? null;
  const changed = (): void => {
    announceCatalogueChange();
  };
  return (
    <div className="enterprises">
      <h1>{t('enterprises.title')}</h1>

      <section className="own-enterprise" aria-labelledby="own-heading">
        <h2 id="own-heading">{t('curation.own.heading')}</h2>
        <p className="muted">{own?.named ? <Sentence k="curation.own.current" values={{ name: <Data>{own.name}</Data> }} /> : t('curation.own.unnamed')}</p>
        {info.data && <OwnEnterpriseForm key={own?.name ?? ''} current={own} onNamed={refresh} />}
      </section>

      {merged && (
        <p className="notice merge-counts" role="status">
          <Sentence k="curation.enterprises.merged" values={{ into: <Data>{merged.into}</Data> }} />{' '}
          {[
            t('curation.enterprises.movedEntries', { count: merged.entries }),
            t('curation.enterprises.movedAdoptions', { count: merged.adoptions }),
            t('curation.enterprises.movedBundles', { count: merged.bundles }),
            t('curation.enterprises.movedExports', { count: merged.exports }),
          ].join(' · ')}
          {merged.keyMoved && <> · {t('curation.enterprises.keyMoved')}</>}
        </p>
      )}

      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('enterprises.name')}</th>
            <th scope="col">{t('enterprises.place')}</th>
            <th scope="col">{t('enterprises.industry')}</th>
            <th scope="col">{t('enterprises.entries')}</th>
            <th scope="col">{t('curation.enterprises.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {data.enterprises.map((e) => (
            <EnterpriseRow
              key={e.id}
              enterprise={e}
              all={data.enterprises}
              onChanged={changed}
              onMerged={(counts) => {
                setMerged(counts);
                changed();
              }}
            />
          ))}
        </tbody>
      </table>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          client.call('enterprises.create', form).then(
            () => {
              setForm({ name: '', place: '', industry: '' });
              setFormError(undefined);
              reload();
            },
            (e: unknown) => setFormError(e),
          );
        }}
      >
        <h2>{t('enterprises.add')}</h2>
        {(['name', 'place', 'industry'] as const).map((key) => (
          <label key={key}>
            {t(`enterprises.${key}`)} <input value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
          </label>
        ))}
        <button type="submit" className="primary">
          {t('enterprises.add')}
        </button>
        {formError !== undefined && <ErrorMessage error={formError} />}
      </form>
    </div>
  );
}
