import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Data, Sentence } from '../../components/common.js';
import { LabelCells } from './LabelCells.js';
import { filterRows, visibleRows, type TreeRow } from './concept-tree.js';

/**
 * The concept tree as one list (role="tree", each row's level given): the arrow keys move
 * between rows and open or close them, Enter opens the concept in the editor. A filter
 * keeps matching concepts with the concepts above them.
 */
export function ConceptTree({ rows, selected, onSelect }: { rows: readonly TreeRow[]; selected: string | null; onSelect: (id: string) => void }): ReactNode {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const [closed, setClosed] = useState<ReadonlySet<string>>(new Set());
  const [focus, setFocus] = useState<string | null>(selected);
  const list = useRef<HTMLUListElement>(null);
  // While filtering every match is shown, however the tree was folded.
  const shown = useMemo(() => (filter.trim() === '' ? visibleRows(rows, closed) : filterRows(rows, filter)), [rows, closed, filter]);
  const hasChildren = useMemo(() => new Set(rows.flatMap((r) => (r.parent === null ? [] : [r.parent]))), [rows]);
  const focusIndex = Math.max(
    0,
    shown.findIndex((r) => r.node.id === focus),
  );

  useEffect(() => {
    if (focus === null || !list.current?.contains(document.activeElement)) return;
    list.current.querySelector<HTMLElement>(`[data-concept="${focus}"]`)?.focus();
  }, [focus, shown]);

  const toggle = (id: string, open: boolean): void =>
    setClosed((before) => {
      const next = new Set(before);
      if (open) next.delete(id);
      else next.add(id);
      return next;
    });

  const onKey = (event: KeyboardEvent): void => {
    const row = shown[focusIndex];
    if (!row) return;
    const id = row.node.id;
    const go = (index: number): void => {
      const target = shown[Math.min(shown.length - 1, Math.max(0, index))];
      if (target) setFocus(target.node.id);
    };
    switch (event.key) {
      case 'ArrowDown':
        go(focusIndex + 1);
        break;
      case 'ArrowUp':
        go(focusIndex - 1);
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(shown.length - 1);
        break;
      case 'ArrowRight':
        if (hasChildren.has(id) && closed.has(id)) toggle(id, true);
        else if (hasChildren.has(id)) go(focusIndex + 1);
        break;
      case 'ArrowLeft':
        if (hasChildren.has(id) && !closed.has(id) && filter.trim() === '') toggle(id, false);
        else if (row.parent !== null) setFocus(row.parent);
        break;
      case 'Enter':
      case ' ':
        onSelect(id);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div className="concept-tree-pane">
      <label className="concept-filter">
        {t('thesaurus.filter')}{' '}
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder={t('thesaurus.filterPlaceholder')} />
      </label>
      <p className="muted" id="concept-tree-hint">
        {t('thesaurus.concepts', { count: rows.length })} · {t('thesaurus.treeHint')}
      </p>
      {rows.length === 0 ? (
        <p className="muted">{t('thesaurus.empty')}</p>
      ) : shown.length === 0 ? (
        <p className="muted" role="status">
          <Sentence k="thesaurus.noMatches" values={{ filter: <Data>{filter}</Data> }} />
        </p>
      ) : (
        <ul ref={list} role="tree" className="concept-tree" aria-label={t('thesaurus.tree')} aria-describedby="concept-tree-hint" onKeyDown={onKey}>
          {shown.map((row, index) => {
            const { node } = row;
            const parent = hasChildren.has(node.id);
            const open = parent && (filter.trim() !== '' || !closed.has(node.id));
            return (
              <li
                key={node.id}
                role="treeitem"
                data-concept={node.id}
                aria-level={row.depth + 1}
                aria-expanded={parent ? open : undefined}
                aria-selected={node.id === selected}
                tabIndex={index === focusIndex ? 0 : -1}
                style={{ paddingInlineStart: `${row.depth * 1.25}rem` }}
                onClick={() => {
                  setFocus(node.id);
                  onSelect(node.id);
                }}
                onFocus={(e) => {
                  if (e.target === e.currentTarget) setFocus(node.id);
                }}
              >
                {parent ? (
                  <button
                    type="button"
                    tabIndex={-1}
                    className="tree-toggle"
                    aria-label={open ? t('thesaurus.collapse') : t('thesaurus.expand')}
                    onClick={(e) => {
                      e.stopPropagation();
                      toggle(node.id, !open);
                    }}
                  >
                    {open ? '▾' : '▸'}
                  </button>
                ) : (
                  <span className="tree-toggle" aria-hidden="true" />
                )}
                <LabelCells labels={node.prefLabels} />
                <span className="muted tree-tags">{node.tagCount > 0 && t('thesaurus.tags', { count: node.tagCount })}</span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
