import { useEffect, type ReactNode } from 'react';
import { useCatalogueChanged } from '../app/undo.js';
import { useCall } from '../app/use-call.js';
import { formatNumber } from './common.js';
import { useTranslation } from 'react-i18next';

/** How many entries are in the trash, beside its navigation item; asked again on each screen change (a delete happens on another screen). */
export function TrashCount({ routeKey }: { routeKey: string }): ReactNode {
  const { i18n } = useTranslation();
  const { data, reload } = useCall('catalogue.info', {});
  useCatalogueChanged(reload);
  useEffect(() => reload(), [routeKey, reload]);
  if (!data || data.trashed === 0) return null;
  return <span className="nav-count"> {formatNumber(data.trashed, i18n.language)}</span>;
}
