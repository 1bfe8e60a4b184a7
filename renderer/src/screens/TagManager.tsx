import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { plainName } from '../text/bidi.js';
import type { Tag } from '../../../shared/schemas/catalogue.js';
import { useTransport } from '../app/context.js';
import { useCall } from '../app/use-call.js';
import { Data, ErrorMessage, Loading } from '../components/common.js';

type Mode = { kind: 'rename' } | { kind: 'merge' } | { kind: 'synonyms' };

function TagRow({ tag, tags, onDone }: { tag: Tag; tags: Tag[]; onDone: () => void }): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const [mode, setMode] = useState<Mode>();
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>();
  const depth = tag.path.split('/').length - 1;
  const open = (next: Mode): void => {
    setMode(next);
    setError(undefined);
    setValue(next.kind === 'rename' ? tag.path : next.kind === 'synonyms' ? tag.synonyms.join(', ') : '');
  };
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    try {
      if (mode?.kind === 'rename') await client.call('tags.rename', { from: tag.path, to: value });
      if (mode?.kind === 'merge') await client.call('tags.merge', { from: tag.path, into: value });
      if (mode?.kind === 'synonyms') {
        await client.call('tags.setSynonyms', { path: tag.path, synonyms: value.split(',').map((s) => s.trim()).filter(Boolean) });
      }
      setMode(undefined);
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  const label = mode?.kind === 'rename' ? t('tags.newPath') : mode?.kind === 'merge' ? t('tags.mergeInto') : t('tags.synonyms');
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
      {mode && (
        <form onSubmit={(e) => void submit(e)} className="inline-form">
          <label>
            {label}{' '}
            <input value={value} onChange={(e) => setValue(e.target.value)} list={mode.kind === 'merge' ? 'all-tags' : undefined} autoFocus />
          </label>
          <button type="submit" className="primary">
            {t('app.save')}
          </button>
          <button type="button" onClick={() => setMode(undefined)}>
            {t('app.cancel')}
          </button>
          {error !== undefined && <ErrorMessage error={error} />}
        </form>
      )}
      <datalist id="all-tags">
        {tags.map((other) => (
          <option key={other.id} value={other.path} />
        ))}
      </datalist>
    </li>
  );
}

export function TagManager(): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const { data, error, reload } = useCall('tags.list', {});
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
    </div>
  );
}
