import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCatalogueChanged } from '../../app/undo.js';
import { useCall } from '../../app/use-call.js';
import { ErrorMessage, Loading } from '../../components/common.js';
import { ConceptEditor } from './ConceptEditor.js';
import { ConceptTree } from './ConceptTree.js';
import { MissingTranslations } from './MissingTranslations.js';
import { NewConcept } from './NewConcept.js';
import { SkosFiles } from './SkosFiles.js';
import { SuggestionsPanel } from './SuggestionsPanel.js';
import { conceptName, treeRows } from './concept-tree.js';

const TABS = ['concepts', 'missing', 'suggestions', 'files'] as const;
type Tab = (typeof TABS)[number];

/** The librarian's thesaurus: the concept tree and its editor, missing translations, candidate labels, SKOS files. */
export function Thesaurus(): ReactNode {
  const { t, i18n } = useTranslation();
  const [tab, setTab] = useState<Tab>('concepts');
  const [selected, setSelectedId] = useState<string | null>(null);
  // What the last merge moved, said above the concept it moved into.
  const [notice, setNotice] = useState('');
  const setSelected = (id: string, said = ''): void => {
    setSelectedId(id);
    setNotice(said);
  };
  const tree = useCall('thesaurus.tree', {});
  useCatalogueChanged(tree.reload);
  const rows = useMemo(() => treeRows(tree.data?.concepts ?? []), [tree.data]);
  const chosen = rows.find((r) => r.node.id === selected)?.node;
  const lang = i18n.language === 'zh' ? 'zh-Hans' : i18n.language;

  let panel: ReactNode;
  if (tree.error) panel = <ErrorMessage error={tree.error} onRetry={tree.reload} />;
  else if (!tree.data) panel = <Loading />;
  else if (tab === 'concepts') {
    panel = (
      <div className="thesaurus-concepts">
        <div>
          <NewConcept
            under={chosen ? { id: chosen.id, name: conceptName(chosen, lang) } : null}
            onCreated={(id) => {
              tree.reload();
              setSelected(id);
            }}
          />
          <ConceptTree rows={rows} selected={selected} onSelect={setSelected} />
        </div>
        <section className="concept-editor-pane" aria-label={t('thesaurus.editor.heading')}>
          {notice !== '' && (
            <p role="status" className="notice">
              {notice}
            </p>
          )}
          {selected === null || !chosen ? (
            <p className="muted">{t('thesaurus.pick')}</p>
          ) : (
            <ConceptEditor key={selected} id={selected} rows={rows} onChanged={tree.reload} onSelect={setSelected} onDeleted={() => setSelectedId(null)} />
          )}
        </section>
      </div>
    );
  } else if (tab === 'missing') panel = <MissingTranslations onChanged={tree.reload} />;
  else if (tab === 'suggestions') panel = <SuggestionsPanel rows={rows} onChanged={tree.reload} />;
  else panel = <SkosFiles onChanged={tree.reload} />;

  return (
    <div className="thesaurus">
      <h1>{t('thesaurus.title')}</h1>
      <div role="tablist" aria-label={t('thesaurus.tabs.label')} className="tabs">
        {TABS.map((value) => (
          <button key={value} type="button" role="tab" aria-selected={tab === value} onClick={() => setTab(value)}>
            {t(`thesaurus.tabs.${value}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel">{panel}</div>
    </div>
  );
}
