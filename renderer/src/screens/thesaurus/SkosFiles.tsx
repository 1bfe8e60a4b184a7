import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SKOS_FORMATS, type SkosFormat, type ThesaurusImportReport } from '../../../../shared/schemas/thesaurus.js';
import { useTransport } from '../../app/context.js';
import { Data, ErrorMessage, Sentence } from '../../components/common.js';
import { FileDrop } from '../../components/FileDrop.js';
import { ConceptConflicts } from './ConceptConflicts.js';
import { countedList } from './counted-list.js';

/** Format names are the same in every language. */
const FORMAT_NAMES: Record<SkosFormat, string> = { turtle: 'Turtle', rdfxml: 'RDF/XML' };
const EXTENSION: Record<SkosFormat, string> = { turtle: 'ttl', rdfxml: 'rdf' };

/** The format a file's name says, when it says one. */
function formatOf(name: string): SkosFormat | undefined {
  const ext = name.toLowerCase().split('.').pop();
  if (ext === 'ttl') return 'turtle';
  if (ext === 'rdf' || ext === 'xml' || ext === 'owl') return 'rdfxml';
  return undefined;
}

function FormatPicker({ value, onChange }: { value: SkosFormat; onChange: (format: SkosFormat) => void }): ReactNode {
  const { t } = useTranslation();
  return (
    <label>
      {t('thesaurus.files.format')}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value as SkosFormat)}>
        {SKOS_FORMATS.map((f) => (
          <option key={f} value={f} data-content="">
            {FORMAT_NAMES[f]}
          </option>
        ))}
      </select>
    </label>
  );
}

function ImportReport({ name, report }: { name: string; report: ThesaurusImportReport }): ReactNode {
  const { t, i18n } = useTranslation();
  const parts = countedList(t, i18n.language, 'thesaurus.files', [
    ['created', report.created],
    ['updated', report.updated],
    ['unchanged', report.unchanged],
    ['linkedTags', report.linkedTags],
  ]);
  return (
    <div role="status" className="skos-report">
      <p>
        <Sentence k="thesaurus.files.report" values={{ name: <Data>{name}</Data>, parts }} />
      </p>
      {report.conflicts.length === 0 ? <p className="muted">{t('thesaurus.files.noConflicts')}</p> : <ConceptConflicts conflicts={report.conflicts} />}
    </div>
  );
}

/** SKOS in and out: a file read into the thesaurus with a report, and the thesaurus downloaded as a file. */
export function SkosFiles({ onChanged }: { onChanged: () => void }): ReactNode {
  const { t } = useTranslation();
  const transport = useTransport();
  const [importFormat, setImportFormat] = useState<SkosFormat>('turtle');
  const [exportFormat, setExportFormat] = useState<SkosFormat>('turtle');
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<{ name: string; report: ThesaurusImportReport }>();
  const [error, setError] = useState<unknown>();
  const [exported, setExported] = useState<number>();
  const [exportError, setExportError] = useState<unknown>();

  const pick = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    const format = formatOf(file.name) ?? importFormat;
    setImportFormat(format);
    setBusy(true);
    setError(undefined);
    setReport(undefined);
    try {
      // The browser host reads a staged upload; the desktop page hands the text itself.
      const source = transport.files ? { path: await transport.files.receive(file) } : { text: await file.text() };
      const done = await transport.client.call('thesaurus.import', { format, ...source });
      setReport({ name: file.name, report: done });
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const download = async (): Promise<void> => {
    setExportError(undefined);
    try {
      const result = await transport.client.call('thesaurus.export', { format: exportFormat });
      const type = exportFormat === 'turtle' ? 'text/turtle' : 'application/rdf+xml';
      const url = URL.createObjectURL(new Blob([result.text], { type: `${type};charset=utf-8` }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `thesaurus.${EXTENSION[exportFormat]}`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setExported(result.concepts);
    } catch (e) {
      setExportError(e);
    }
  };

  return (
    <div className="skos-files">
      <section className="panel" aria-labelledby="skos-import-heading">
        <h2 id="skos-import-heading">{t('thesaurus.files.importHeading')}</h2>
        <FormatPicker value={importFormat} onChange={setImportFormat} />
        <FileDrop label={t('thesaurus.files.choose')} accept=".ttl,.rdf,.xml,.owl" onFiles={(files) => void pick(files[0])}>
          <span className="muted">{t('thesaurus.files.drop')}</span>
        </FileDrop>
        {busy && (
          <p className="muted" role="status">
            {t('thesaurus.files.importing')}
          </p>
        )}
        {error !== undefined && <ErrorMessage error={error} />}
        {report && <ImportReport name={report.name} report={report.report} />}
      </section>
      <section className="panel" aria-labelledby="skos-export-heading">
        <h2 id="skos-export-heading">{t('thesaurus.files.exportHeading')}</h2>
        <FormatPicker value={exportFormat} onChange={setExportFormat} />{' '}
        <button type="button" className="primary" onClick={() => void download()}>
          {t('thesaurus.files.download')}
        </button>
        {exported !== undefined && (
          <p role="status" className="notice">
            {t('thesaurus.files.exported', { count: exported })}
          </p>
        )}
        {exportError !== undefined && <ErrorMessage error={exportError} />}
      </section>
    </div>
  );
}
