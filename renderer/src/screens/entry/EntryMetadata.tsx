import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntryDetail } from '../../../../shared/schemas/entry.js';
import { libraryHref } from '../../app/library-url.js';
import { Name } from '../../components/Name.js';
import { Data, formatDate } from '../../components/common.js';
import { languageName } from '../../i18n/format.js';
import { plainName } from '../../text/bidi.js';
import { EntryTags } from './EntryTags.js';

/** The entry's fields as a definition list; the enterprise and tags link into the library filtered by them. */
export function EntryMetadata({
  entry,
  busy,
  onTag,
}: {
  entry: EntryDetail;
  busy: boolean;
  onTag: (change: { add?: string[]; remove?: string[] }) => void;
}): ReactNode {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <dl className="metadata">
      <dt>{t('entry.enterprise')}</dt>
      <dd>
        {entry.enterprise ? (
          <a
            href={libraryHref({ filters: { enterprise: entry.enterprise.name } })}
            title={t('entryPage.enterpriseLink', { enterprise: plainName(entry.enterprise.name) })}
            data-content=""
          >
            <Name text={entry.enterprise.name} />
          </a>
        ) : (
          '—'
        )}
      </dd>
      <dt>{t('entry.registration')}</dt>
      <dd>{entry.registration ? <Data>{entry.registration}</Data> : '—'}</dd>
      <dt>{t('entry.authors')}</dt>
      <dd>{entry.authors.length > 0 ? <Data>{entry.authors.join('; ')}</Data> : '—'}</dd>
      <dt>{t('entry.language')}</dt>
      <dd>{languageName(entry.language, locale)}</dd>
      <dt>{t('entry.tags')}</dt>
      <dd className="entry-tags">
        <EntryTags entry={entry} busy={busy} onTag={onTag} />
      </dd>
      <dt>{t('entry.classification')}</dt>
      <dd>{entry.classification.length === 0 ? '—' : <Name text={entry.classification.join('; ')} />}</dd>
      <dt>{t('entry.created')}</dt>
      <dd>{formatDate(entry.createdAt, locale)}</dd>
      <dt>{t('entry.updated')}</dt>
      <dd>
        {formatDate(entry.updatedAt, locale)} · {t('entry.revision', { number: entry.revision })}
      </dd>
    </dl>
  );
}
