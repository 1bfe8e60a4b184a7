import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntryDetail } from '../../../../shared/schemas/entry.js';
import { useTransport } from '../../app/context.js';
import { Name } from '../../components/Name.js';
import { plainName } from '../../text/bidi.js';
import { AttachmentLink } from './AttachmentLink.js';
import { AttachmentText } from './AttachmentText.js';

/** The entry's files: images as a gallery, every file as a link with its type, size and a remove button. */
export function AttachmentsSection({ entry, busy, onRemove }: { entry: EntryDetail; busy: boolean; onRemove: (name: string) => void }): ReactNode {
  const { t } = useTranslation();
  const transport = useTransport();
  if (entry.attachments.length === 0) return null;
  const images = entry.attachments.filter((a) => a.mediaType.startsWith('image/'));
  return (
    <section aria-labelledby="attachments-heading" className="attachments">
      <h2 id="attachments-heading">{t('entry.attachments')}</h2>
      <div className="gallery">
        {images.map((a) => (
          <figure key={a.sha256 + a.name}>
            <img src={transport.attachmentUrl(a.sha256)} alt={plainName(a.name)} loading="lazy" data-content="" />
            <figcaption data-content="">
              <Name text={a.name} />
            </figcaption>
          </figure>
        ))}
      </div>
      <ul className="attachment-list">
        {entry.attachments.map((a) => (
          <li key={a.name}>
            <AttachmentLink attachment={a} />{' '}
            <button
              type="button"
              className="danger"
              disabled={busy}
              aria-label={t('entryPage.removeAttachmentLabel', { name: plainName(a.name) })}
              onClick={() => onRemove(a.name)}
            >
              {t('entryPage.removeAttachment')}
            </button>
            <AttachmentText sha256={a.sha256} name={a.name} />
          </li>
        ))}
      </ul>
    </section>
  );
}
