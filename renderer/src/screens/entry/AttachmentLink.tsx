import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentRef } from '../../../../shared/schemas/entry.js';
import { useTransport } from '../../app/context.js';
import { Name } from '../../components/Name.js';
import { Data } from '../../components/common.js';
import { formatBytes } from '../../i18n/format.js';

/** An attached file as a link that opens it, then its type and size: on the entry page and a trashed entry's. */
export function AttachmentLink({ attachment }: { attachment: AttachmentRef }): ReactNode {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  return (
    <>
      <a href={transport.attachmentUrl(attachment.sha256)} target="_blank" rel="noopener noreferrer" data-content="">
        <Name text={attachment.name} />
      </a>{' '}
      <span className="muted">
        <Data>{attachment.mediaType}</Data>, {formatBytes(attachment.size, t, i18n.language)}
      </span>
    </>
  );
}
