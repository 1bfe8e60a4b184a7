import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntryDetail } from '../../../../shared/schemas/entry.js';
import { libraryHref } from '../../app/library-url.js';
import { useCall } from '../../app/use-call.js';
import { Name } from '../../components/Name.js';
import { plainName } from '../../text/bidi.js';

/**
 * The entry's tags, each a link into the library filtered by it, with a button to take it
 * off and a field to add one; the page makes the change (entries.tag) and offers its undo.
 */
export function EntryTags({
  entry,
  busy,
  onTag,
}: {
  entry: EntryDetail;
  busy: boolean;
  onTag: (change: { add?: string[]; remove?: string[] }) => void;
}): ReactNode {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const { data } = useCall('tags.list', open ? {} : null);
  const ids = useId();
  const add = (event: FormEvent): void => {
    event.preventDefault();
    const clean = text.trim().replace(/\s*\/\s*/g, '/');
    if (clean === '' || entry.tags.includes(clean)) return;
    onTag({ add: [clean] });
    setText('');
  };
  return (
    <>
      {entry.tags.length === 0 && '—'}
      {entry.tags.map((tag) => (
        <span key={tag} className="tag">
          <a href={libraryHref({ filters: { tags: [tag] } })} title={t('entryPage.tagLink', { tag: plainName(tag) })} data-content="">
            <Name text={tag} />
          </a>
          <button
            type="button"
            className="chip-remove"
            disabled={busy}
            aria-label={t('entryPage.removeTag', { tag: plainName(tag) })}
            onClick={() => onTag({ remove: [tag] })}
          >
            ×
          </button>
        </span>
      ))}
      {open ? (
        <form className="inline-tag" onSubmit={add}>
          <label htmlFor={`${ids}-tag`} className="visually-hidden">
            {t('entryPage.addTag')}
          </label>
          <input
            id={`${ids}-tag`}
            list={`${ids}-tags`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('editor.tagPlaceholder')}
            autoFocus
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                setOpen(false);
              }
            }}
          />
          <datalist id={`${ids}-tags`}>
            {(data?.tags ?? [])
              .filter((tag) => !entry.tags.includes(tag.path))
              .map((tag) => (
                <option key={tag.id} value={tag.path} />
              ))}
          </datalist>
          <button type="submit" disabled={busy || text.trim() === ''}>
            {t('editor.addTag')}
          </button>
        </form>
      ) : (
        <button type="button" className="add-tag" onClick={() => setOpen(true)} aria-label={t('entryPage.addTag')}>
          +
        </button>
      )}
    </>
  );
}
