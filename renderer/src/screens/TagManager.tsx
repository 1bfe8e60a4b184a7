import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { plainName } from '../text/bidi.js';
import type { Tag } from '../../../shared/schemas/catalogue.js';
import { useTransport } from '../app/context.js';
import { useCatalogueChanged } from '../app/undo.js';
import { useCall } from '../app/use-call.js';
import { Data, ErrorMessage, Loading } from '../components/common.js';

/** The move picker's value for "at the top level" (a tag path never is empty). */
const TOP = '';

type Mode = { kind: 'rename' } | { kind: 'merge' } | { kind: 'synonyms' } | { kind: 'move' };

function TagRow({ tag, tags, onDone }: { tag: Tag; tags: Tag[]; onDone: () => void }): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const [mode, setMode] = useState<Mode>();
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>();
  const [refusal, setRefusal] = useState(false);
  const depth = tag.path.split('/').length - 1;
  const below = tags.filter((other) => other.path.startsWith(`${tag.path}/`));
  const parentPath = depth === 0 ? null : tag.path.slice(0, tag.path.lastIndexOf('/'));
  // A tag can go under any tag except itself and those below it (the core refuses cycles too).
  const parents = tags.filter((other) => other.id !== tag.id && !other.path.startsWith(`${tag.path}/`) && other.path !== parentPath);
  const name = plainName(tag.path);
  const open = (next: Mode): void => {
    setMode(next);
    setError(undefined);
    setRefusal(false);
    setValue(next.kind === 'rename' ? tag.path : next.kind === 'synonyms' ? tag.synonyms.join(', ') : next.kind === 'move' ? (parents[0]?.path ?? TOP) : '');
  };
  const remove = (): void => {
    setMode(undefined);
    setError(undefined);
    // A used tag is refused here with the reason; the core refuses it too.
    if (tag.totalCount > 0) {
      setRefusal(true);
      return;
    }
    setRefusal(false);
    const question =
      below.length > 0 ? t('curation.tags.deleteConfirmBelow', { tag: name, count: below.length }) : t('curation.tags.deleteConfirm', { tag: name });
    if (!window.confirm(question)) return;
    client.call('tags.delete', { path: tag.path }).then(onDone, (e: unknown) => setError(e));
  };
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    try {
      if (mode?.kind === 'rename') await client.call('tags.rename', { from: tag.path, to: value });
      if (mode?.kind === 'merge') await client.call('tags.merge', { from: tag.path, into: value });
      if (mode?.kind === 'move') await client.call('tags.move', { path: tag.path, parent: value === TOP ? null : value });
      if (mode?.kind === 'synonyms') {
        await client.call('tags.setSynonyms', {
          path: tag.path,
          synonyms: value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        });
      }
      setMode(undefined);
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  const label = mode?.kind === 'rename' ? t('tags.newPath') : mode?.kind === 'merge' ? t('tags.mergeInto') : t('tags.synonyms');
  const field =
    mode?.kind === 'move' ? (
      <label>
        {t('curation.tags.moveUnder')}{' '}
        <select value={value} onChange={(e) => setValue(e.target.value)} autoFocus>
          {parentPath !== null && <option value={TOP}>{t('curation.tags.topLevel')}</option>}
          {parents.map((other) => (
            <option key={other.id} value={other.path} data-content="">
              {plainName(other.path)}
            </option>
          ))}
        </select>
      </label>
    ) : (
      <label>
        {label} <input value={value} onChange={(e) => setValue(e.target.value)} list={mode?.kind === 'merge' ? 'all-tags' : undefined} autoFocus />
      </label>
    );
  return (
    <li style={{ paddingInlineStart: `${depth * 1.25}rem` }}>
      <Data className="tag-name">{tag.name}</Data> <span className="muted">{t('tags.count', { count: tag.totalCount })}</span>
      {tag.synonyms.length > 0 && (
        <span className="muted">
          {' · '}
          <Data>{tag.synonyms.join(', ')}</Data>
        </span>
      )}{' '}
      <button type="button" onClick={() => open({ kind: 'rename' })} aria-label={`${t('tags.rename')}: ${tag.path}`}>
        {t('tags.rename')}
      </button>
      <button type="button" onClick={() => open({ kind: 'merge' })} aria-label={`${t('tags.merge')}: ${plainName(tag.path)}`}>
        {t('tags.merge')}
      </button>
      <button type="button" onClick={() => open({ kind: 'synonyms' })} aria-label={`${t('tags.synonyms')}: ${plainName(tag.path)}`}>
        {t('tags.synonyms')}
      </button>
      <button
        type="button"
        onClick={() => open({ kind: 'move' })}
        disabled={parents.length === 0 && parentPath === null}
        aria-label={t('curation.tags.moveNamed', { tag: name })}
      >
        {t('curation.tags.move')}
      </button>
      <button
        type="button"
        className="danger"
        onClick={remove}
        aria-label={t('curation.tags.deleteNamed', { tag: name })}
        aria-describedby={refusal ? `tag-refusal-${tag.id}` : undefined}
      >
        {t('app.delete')}
      </button>
      {refusal && (
        <p id={`tag-refusal-${tag.id}`} className="field-error tag-refusal" role="alert">
          {t('curation.tags.inUse', { count: tag.totalCount })}
        </p>
      )}
      {error !== undefined && !mode && <ErrorMessage error={error} />}
      {mode && (
        <form onSubmit={(e) => void submit(e)} className="inline-form" onKeyDown={(e) => e.key === 'Escape' && setMode(undefined)}>
          {field}
          <button type="submit" className="primary">
            {mode.kind === 'move' ? t('curation.tags.move') : t('app.save')}
          </button>
          <button type="button" onClick={() => setMode(undefined)}>
            {t('app.cancel')}
          </button>
          {error !== undefined && <ErrorMessage error={error} />}
        </form>
      )}
    </li>
  );
}

export function TagManager(): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const { data, error, reload } = useCall('tags.list', {});
  useCatalogueChanged(reload);
  const [path, setPath] = useState('');
  const [createError, setCreateError] = useState<unknown>();
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  return (
    <div className="tag-manager">
      <h1>{t('tags.title')}</h1>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          client.call('tags.create', { path }).then(
            () => {
              setPath('');
              setCreateError(undefined);
              reload();
            },
            (err: unknown) => setCreateError(err),
          );
        }}
      >
        <label>
          {t('tags.create')} <input value={path} onChange={(e) => setPath(e.target.value)} placeholder={t('tags.pathPlaceholder')} />
        </label>
        <button type="submit">{t('tags.create')}</button>
        {createError !== undefined && <ErrorMessage error={createError} />}
      </form>
      {data.tags.length === 0 ? (
        <p className="muted">{t('tags.empty')}</p>
      ) : (
        <ul className="tag-tree" aria-label={t('tags.title')}>
          {data.tags.map((tag) => (
            <TagRow key={tag.id} tag={tag} tags={data.tags} onDone={reload} />
          ))}
        </ul>
      )}
      {data.tags.length > 0 && (
        <datalist id="all-tags">
          {data.tags.map((other) => (
            <option key={other.id} value={other.path} />
          ))}
        </datalist>
      )}
    </div>
  );
}
