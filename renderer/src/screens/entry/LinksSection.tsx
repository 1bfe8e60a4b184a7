import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LINK_TYPES, type LinkType } from '../../../../shared/domain.js';
import type { EntryDetail, Link } from '../../../../shared/schemas/entry.js';
import { useTransport } from '../../app/context.js';
import { ErrorMessage } from '../../components/common.js';
import { Name } from '../../components/Name.js';
import { plainName } from '../../text/bidi.js';
import { LinkPicker } from './LinkPicker.js';
import { hrefFor } from '../../app/router.js';

/** Links to and from other entries: add one through the picker, change its type, remove it. */
export function LinksSection({ entry, onChanged }: { entry: EntryDetail; onChanged: () => void }): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const addButton = useRef<HTMLButtonElement>(null);

  const run = async (work: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // A link keeps its direction when its type changes: remove it and add it again as the other type.
  const changeType = (l: Link, type: LinkType): Promise<void> =>
    run(async () => {
      await client.call('links.add', { from: l.from, to: l.to, type });
      await client.call('links.remove', { from: l.from, to: l.to, type: l.type });
    });
  const remove = (l: Link): void => {
    if (!window.confirm(t('entryLinks.removeConfirm', { type: t(`linkTypes.${l.type}`), title: plainName(l.otherTitle) }))) return;
    void run(() => client.call('links.remove', { from: l.from, to: l.to, type: l.type }));
  };
  const closePicker = (linked: boolean): void => {
    setAdding(false);
    if (linked) onChanged();
    requestAnimationFrame(() => addButton.current?.focus());
  };

  return (
    <section aria-labelledby="links-heading" className="links">
      <h2 id="links-heading">{t('entry.links')}</h2>
      {entry.links.length === 0 ? (
        <p className="muted">{t('entryLinks.none')}</p>
      ) : (
        <ul className="link-list">
          {entry.links.map((l) => {
            const other = l.direction === 'outgoing' ? l.to : l.from;
            return (
              <li key={`${l.from}-${l.to}-${l.type}`} data-link-type={l.type}>
                <select
                  aria-label={t('entryLinks.changeType')}
                  value={l.type}
                  disabled={busy}
                  onChange={(e) => void changeType(l, e.target.value as LinkType)}
                  className="link-type"
                >
                  {LINK_TYPES.map((lt) => (
                    <option key={lt} value={lt} disabled={lt !== l.type && entry.links.some((x) => x.from === l.from && x.to === l.to && x.type === lt)}>
                      {t(`linkTypes.${lt}`)}
                    </option>
                  ))}
                </select>
                <span className="print-only">{t(`linkTypes.${l.type}`)}:</span>
                {l.direction === 'incoming' && <span className="muted"> ({t('entryLinks.incoming')})</span>}{' '}
                <a href={hrefFor({ screen: 'entry', id: other })} data-content="">
                  <Name text={l.otherTitle} />
                </a>{' '}
                <button type="button" className="danger" disabled={busy} onClick={() => remove(l)}>
                  {t('entryLinks.remove')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      {adding ? (
        <LinkPicker entryId={entry.id} onLinked={() => closePicker(true)} onCancel={() => closePicker(false)} />
      ) : (
        <button ref={addButton} type="button" onClick={() => setAdding(true)}>
          {t('entryLinks.add')}
        </button>
      )}
    </section>
  );
}
