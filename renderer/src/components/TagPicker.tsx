import { useId, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { plainName } from '../text/bidi.js';
import { useCall } from '../app/use-call.js';
import { Data } from './common.js';

/** Chooses tags from the controlled vocabulary (paths and synonyms complete), or a new path. */
export function TagPicker({ id, value, onChange }: { id: string; value: string[]; onChange: (tags: string[]) => void }): ReactNode {
  const { t } = useTranslation();
  const { data } = useCall('tags.list', {});
  const [text, setText] = useState('');
  const listId = useId();
  const suggestions = useMemo(() => {
    const needle = text.trim().toLowerCase();
    if (!data || needle.length === 0) return [];
    return data.tags
      .filter((tag) => tag.path.toLowerCase().includes(needle) || tag.synonyms.some((s) => s.toLowerCase().includes(needle)))
      .filter((tag) => !value.includes(tag.path))
      .slice(0, 12);
  }, [data, text, value]);
  const add = (path: string): void => {
    const clean = path.trim().replace(/\s*\/\s*/g, '/');
    if (clean && !value.includes(clean)) onChange([...value, clean]);
    setText('');
  };
  const onKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter') {
      event.preventDefault();
      const exact = suggestions.find(
        (s) => s.path.toLowerCase() === text.trim().toLowerCase() || s.synonyms.some((syn) => syn.toLowerCase() === text.trim().toLowerCase()),
      );
      add(exact?.path ?? text);
    }
  };
  return (
    <div className="tag-picker">
      <ul className="chips" aria-label={t('entry.tags')}>
        {value.map((tag) => (
          <li key={tag} className="tag">
            <Data>{tag}</Data>
            <button type="button" aria-label={t('editor.removeTag', { tag })} onClick={() => onChange(value.filter((v) => v !== tag))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <input id={id} list={listId} value={text} placeholder={t('editor.tagPlaceholder')} onChange={(e) => setText(e.target.value)} onKeyDown={onKey} />
      <datalist id={listId}>
        {suggestions.map((s) => (
          <option key={s.id} value={s.path}>
            {plainName(s.synonyms.join(', '))}
          </option>
        ))}
      </datalist>
      <button type="button" onClick={() => add(text)} disabled={text.trim() === ''}>
        {t('editor.addTag')}
      </button>
    </div>
  );
}
