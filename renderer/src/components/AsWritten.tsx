import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Laying out text costs Chromium 1–2 ms per KB on a busy machine (300 KB: 0.3–0.7 s; one 50,000-character line 0.3 s), and
 * a body may hold 2,000,000 characters: only the beginning is laid out unless the person
 * asks for the rest.
 */
export const AS_WRITTEN_CHARS = 20_000;

/** A text as written, in a `.markdown.plain-text` block (its line breaks kept, no markup). */
export function AsWritten({
  text,
  className = '',
  label,
  busy = false,
  state = 'text',
}: {
  text: string;
  className?: string;
  label?: string;
  busy?: boolean;
  state?: string;
}): ReactNode {
  const { t } = useTranslation();
  const [whole, setWhole] = useState(false);
  const cut = !whole && text.length > AS_WRITTEN_CHARS;
  return (
    <>
      <div className={`markdown plain-text${className ? ` ${className}` : ''}`} aria-label={label} aria-busy={busy} data-render={state}>
        {cut ? text.slice(0, AS_WRITTEN_CHARS) : text}
      </div>
      {cut && (
        <p className="muted">
          {t('render.beginningOnly')}{' '}
          <button type="button" onClick={() => setWhole(true)}>
            {t('render.showAll')}
          </button>
        </p>
      )}
    </>
  );
}
