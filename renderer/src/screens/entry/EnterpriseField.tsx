import { useId, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../../app/use-call.js';
import { Data, Sentence } from '../../components/common.js';
import { matchEnterprise, type EnterpriseMatch } from './enterprise-match.js';

/** The names of the enterprises the catalogue knows, for completion and for telling a new name from a typo. */
export function useKnownEnterprises(): string[] {
  const { data } = useCall('enterprises.list', {});
  return useMemo(() => (data ? data.enterprises.map((e) => e.name) : []), [data]);
}

export function useEnterpriseMatch(value: string, known: readonly string[]): EnterpriseMatch {
  return useMemo(() => matchEnterprise(value, known), [value, known]);
}

/** A text field that completes from the known enterprises (a datalist, so the browser's own keyboard handling applies). */
export function EnterpriseInput({
  id,
  value,
  onChange,
  known,
  invalid,
  autoFocus,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  known: readonly string[];
  invalid?: boolean;
  autoFocus?: boolean;
}): ReactNode {
  const { t } = useTranslation();
  const listId = useId();
  return (
    <>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} list={listId} autoComplete="off" aria-invalid={invalid} autoFocus={autoFocus} />
      <datalist id={listId} aria-label={t('enterpriseField.known')}>
        {known.map((name) => (
          <option key={name} value={name} data-content="" />
        ))}
      </datalist>
    </>
  );
}

/**
 * Asked before a save would create an enterprise: a typo of a known name must not silently
 * become a new one. Offers the close matches, or creating the name as typed.
 */
export function NewEnterpriseNotice({
  match,
  onCreate,
  onUse,
}: {
  match: Extract<EnterpriseMatch, { kind: 'new' }>;
  onCreate: () => void;
  onUse: (name: string) => void;
}): ReactNode {
  const { t } = useTranslation();
  return (
    <div className="notice new-enterprise" role="alert">
      <p>
        <Sentence k="enterpriseField.newWillBeCreated" values={{ name: <Data>{match.name}</Data> }} />{' '}
        <button type="button" onClick={onCreate}>
          {t('enterpriseField.create')}
        </button>
      </p>
      {match.close.length > 0 && (
        <p>
          {t('enterpriseField.closeMatches')}{' '}
          {match.close.map((name) => (
            <button key={name} type="button" onClick={() => onUse(name)}>
              <Sentence k="enterpriseField.useMatch" values={{ name: <Data>{name}</Data> }} />
            </button>
          ))}
        </p>
      )}
    </div>
  );
}
