import type { CSSProperties, MouseEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../../shared/schemas/search.js';
import { hrefFor } from '../../app/router.js';
import { useTransport } from '../../app/context.js';
import { Data } from '../../components/common.js';
import { Highlighted } from '../../components/Highlighted.js';
import { Name } from '../../components/Name.js';
import { languageName } from '../../i18n/format.js';

const ignore = (): void => undefined;

/**
 * One result. The title link is stretched over the whole row (styles.css), so a click
 * anywhere opens the entry and a middle- or Ctrl/Cmd+click opens it in a new tab, as any
 * link does; the box on the left, above the link, selects the row.
 */
export function ResultRow({
  hit,
  index,
  active,
  selected,
  tabbable,
  style,
  onToggle,
  onHover,
}: {
  hit: SearchHit;
  index: number;
  active: boolean;
  selected: boolean;
  /** The one row the Tab key reaches in the list (its box); arrows move between rows. */
  tabbable: boolean;
  style: CSSProperties;
  onToggle: (index: number, range: boolean) => void;
  onHover: (index: number) => void;
}): ReactNode {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  const found = hit.attachmentSnippet;
  // The entry's own text wins when the words are in it too (the file's snippet then comes
  // without); otherwise the file says where they are.
  const inFile = hit.fields.includes('file');
  const showFile = found !== undefined && hit.highlights.length === 0;
  const titleId = `hit-title-${hit.id}`;
  return (
    <li
      role="listitem"
      aria-selected={selected}
      data-index={index}
      className={`hit${active ? ' active' : ''}${selected ? ' selected' : ''}`}
      style={style}
      // Only a moving pointer makes a row active: rows scrolled under a still one (arrow keys) leave it be.
      onMouseMove={(event) => {
        if (!active && (event.movementX !== 0 || event.movementY !== 0)) onHover(index);
      }}
    >
      <input
        type="checkbox"
        className="hit-check"
        checked={selected}
        tabIndex={tabbable ? 0 : -1}
        aria-labelledby={titleId}
        onClick={(event: MouseEvent<HTMLInputElement>) => onToggle(index, event.shiftKey)}
        onChange={ignore}
      />
      <div className="hit-body">
        <a id={titleId} href={hrefFor({ screen: 'entry', id: hit.id })} className="hit-title" data-content="" lang={hit.language} tabIndex={-1}>
          <Highlighted text={hit.title} ranges={hit.titleHighlights} />
        </a>
        <div className="hit-meta">
          <span className="kind-badge" data-kind={hit.kind}>
            {t(`kinds.${hit.kind}`)}
          </span>{' '}
          {hit.variantOf !== null && (
            <>
              <span className="variant-badge">{t('entryPage.variantBadge')}</span>{' '}
            </>
          )}
          {t(`statuses.${hit.status}`)} · {hit.enterprise === null ? '—' : <Data>{hit.enterprise}</Data>} · {hit.year} ·{' '}
          {languageName(hit.language, i18n.language)}
          {hit.matchedLanguages.length > 0 && (
            <>
              {' · '}
              <span className="matched-via">
                {t('search.expansion.matchedVia', { languages: hit.matchedLanguages.map((l) => languageName(l, i18n.language)).join(', ') })}
              </span>
            </>
          )}
          {inFile && <span className="matched-in"> · {t('attachmentText.matchedIn')}</span>}
        </div>
        {showFile ? (
          <p className="snippet attachment-snippet">
            {found.page === null ? (
              <span className="muted">{t('attachmentText.nameOnly')}</span>
            ) : (
              <a
                className="attachment-page"
                href={`${transport.attachmentUrl(found.sha256)}#page=${found.page}`}
                target="_blank"
                rel="noopener noreferrer"
                tabIndex={-1}
                aria-label={t('attachmentText.openAtPage', { name: found.name, page: found.page })}
              >
                <span data-content="">
                  <Name text={found.name} />
                </span>
                {t('attachmentText.page', { page: found.page })}
              </a>
            )}{' '}
            {found.page === null ? (
              <span data-content="">
                <Highlighted text={found.name} ranges={found.nameHighlights} />
              </span>
            ) : (
              <span data-content="">
                <Highlighted text={found.text} ranges={found.highlights} />
              </span>
            )}
          </p>
        ) : (
          <p className="snippet" data-content="" lang={hit.language}>
            <Highlighted text={hit.snippet} ranges={hit.highlights} />
          </p>
        )}
      </div>
    </li>
  );
}
