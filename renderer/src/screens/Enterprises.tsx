import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useTransport } from '../app/context.js';
import { useCall } from '../app/use-call.js';
import { ErrorMessage, Loading } from '../components/common.js';

export function Enterprises(): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const { data, error, reload } = useCall('enterprises.list', {});
  const [form, setForm] = useState({ name: '', place: '', industry: '' });
  const [formError, setFormError] = useState<unknown>();
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  return (
    <div>
      <h1>{t('enterprises.title')}</h1>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('enterprises.name')}</th>
            <th scope="col">{t('enterprises.place')}</th>
            <th scope="col">{t('enterprises.industry')}</th>
            <th scope="col">{t('enterprises.entries')}</th>
          </tr>
        </thead>
        <tbody>
          {data.enterprises.map((e) => (
            <tr key={e.id}>
              <td data-content="">{e.name}</td>
              <td data-content="">{e.place}</td>
              <td data-content="">{e.industry}</td>
              <td className="number">{e.entryCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          client.call('enterprises.create', form).then(
            () => {
              setForm({ name: '', place: '', industry: '' });
              setFormError(undefined);
              reload();
            },
            (e: unknown) => setFormError(e),
          );
        }}
      >
        <h2>{t('enterprises.add')}</h2>
        {(['name', 'place', 'industry'] as const).map((key) => (
          <label key={key}>
            {t(`enterprises.${key}`)} <input value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
          </label>
        ))}
        <button type="submit" className="primary">
          {t('enterprises.add')}
        </button>
        {formError !== undefined && <ErrorMessage error={formError} />}
      </form>
    </div>
  );
}
