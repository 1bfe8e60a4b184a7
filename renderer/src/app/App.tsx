import { Suspense, lazy, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBoundary, ScreenFailed } from '../components/ErrorBoundary.js';
import { OwnEnterpriseBanner } from '../components/OwnEnterprise.js';
import { ReadingIndicator } from '../components/ReadingIndicator.js';
import { TrashCount } from '../components/TrashCount.js';
import { UndoToast } from '../components/UndoToast.js';
import { INTERFACE_LANGUAGES, LANGUAGE_NAMES, setInterfaceLanguage, type InterfaceLanguage } from '../i18n/index.js';
import { EntryView } from '../screens/EntryView.js';
import { Library } from '../screens/Library.js';
import { useTransport } from './context.js';
import { hrefFor, lastLibraryState, navigate, useRoute, type Route } from './router.js';

const NAV: { route: Route; label: string }[] = [
  { route: { screen: 'library' }, label: 'app.library' },
  { route: { screen: 'new' }, label: 'app.newEntry' },
  { route: { screen: 'tags' }, label: 'app.tags' },
  { route: { screen: 'thesaurus' }, label: 'thesaurus.nav' },
  { route: { screen: 'enterprises' }, label: 'app.enterprises' },
  { route: { screen: 'duplicates' }, label: 'app.duplicates' },
  { route: { screen: 'exchange' }, label: 'app.exchange' },
  { route: { screen: 'dashboard' }, label: 'app.dashboard' },
  { route: { screen: 'trash' }, label: 'curation.nav.trash' },
];

// The library and the entry are what people open first and most; every other screen (the
// dashboard's chart library above all) is its own chunk, fetched when first visited, so the
// first paint parses only what it shows.
const Dashboard = lazy(() => import('../screens/Dashboard.js').then((m) => ({ default: m.Dashboard })));
const Duplicates = lazy(() => import('../screens/Duplicates.js').then((m) => ({ default: m.Duplicates })));
const Exchange = lazy(() => import('../screens/exchange/Exchange.js').then((m) => ({ default: m.Exchange })));
const Editor = lazy(() => import('../screens/Editor.js').then((m) => ({ default: m.Editor })));
const Enterprises = lazy(() => import('../screens/Enterprises.js').then((m) => ({ default: m.Enterprises })));
const History = lazy(() => import('../screens/History.js').then((m) => ({ default: m.History })));
const Trash = lazy(() => import('../screens/Trash.js').then((m) => ({ default: m.Trash })));
const TrashedEntry = lazy(() => import('../screens/TrashedEntry.js').then((m) => ({ default: m.TrashedEntry })));
const Thesaurus = lazy(() => import('../screens/thesaurus/Thesaurus.js').then((m) => ({ default: m.Thesaurus })));
const TagManager = lazy(() => import('../screens/TagManager.js').then((m) => ({ default: m.TagManager })));

export function App(): ReactNode {
  const { t, i18n } = useTranslation();
  const route = useRoute();
  // The library's state is its address; other screens see the search the person came from.
  const library = route.screen === 'library' && route.state ? route.state : lastLibraryState();
  const transport = useTransport();
  const [fileCommand, setFileCommand] = useState<{ type: 'import' | 'export'; path: string; at: number } | null>(null);

  // What the desktop shell asks for: menu items, dropped bundles, files opened from the system.
  useEffect(
    () =>
      transport.onCommand((command) => {
        switch (command.type) {
          case 'new-entry':
            navigate({ screen: 'new' });
            break;
          case 'open-bundle-file':
            setFileCommand({ type: 'import', path: command.path, at: Date.now() });
            navigate({ screen: 'exchange' });
            break;
          case 'export-bundle':
            setFileCommand({ type: 'export', path: command.path, at: Date.now() });
            navigate({ screen: 'exchange' });
            break;
          case 'catalogue-changed':
            window.location.reload();
            break;
          case 'show-shortcuts':
            window.alert(t('app.shortcuts'));
            break;
        }
      }),
    [transport, t],
  );

  // Ctrl/Cmd+K jumps to the search box from anywhere.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        if (route.screen !== 'library') navigate({ screen: 'library' });
        requestAnimationFrame(() => document.getElementById('search')?.focus());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [route.screen]);

  let screen: ReactNode;
  switch (route.screen) {
    case 'library':
      screen = <Library state={library} onChange={(state, how) => navigate({ screen: 'library', state }, { replace: how === 'replace' })} />;
      break;
    case 'entry':
      screen = <EntryView key={route.id} id={route.id} query={library.query} />;
      break;
    case 'edit':
      screen = <Editor key={route.id} id={route.id} />;
      break;
    case 'new':
      screen = <Editor />;
      break;
    case 'history':
      screen = <History key={route.id} id={route.id} />;
      break;
    case 'tags':
      screen = <TagManager />;
      break;
    case 'thesaurus':
      screen = <Thesaurus />;
      break;
    case 'enterprises':
      screen = <Enterprises />;
      break;
    case 'duplicates':
      screen = <Duplicates />;
      break;
    case 'dashboard':
      screen = <Dashboard />;
      break;
    case 'trash':
      screen = <Trash />;
      break;
    case 'trashed':
      screen = <TrashedEntry key={route.id} id={route.id} />;
      break;
    case 'exchange':
      screen = <Exchange key={fileCommand?.at ?? 0} library={library} command={fileCommand} />;
      break;
  }

  return (
    <div className="app">
      <nav className="topbar" aria-label="Ratio">
        <span className="brand">{t('app.name')}</span>
        {NAV.map((item) => (
          <a
            key={item.label}
            href={hrefFor(item.route)}
            aria-current={route.screen === item.route.screen || (route.screen === 'trashed' && item.route.screen === 'trash') ? 'page' : undefined}
            onClick={(event) => {
              event.preventDefault();
              navigate(item.route);
            }}
          >
            {t(item.label)}
            {item.route.screen === 'trash' && <TrashCount routeKey={hrefFor(route)} />}
          </a>
        ))}
        <ReadingIndicator />
        <label className="language-switch">
          <span className="visually-hidden">{t('app.language')}</span>
          <select aria-label={t('app.language')} value={i18n.language} onChange={(e) => setInterfaceLanguage(e.target.value as InterfaceLanguage)}>
            {INTERFACE_LANGUAGES.map((l) => (
              // Each language by its own name, marked as written in it.
              <option key={l} value={l} lang={l === 'zh' ? 'zh-CN' : l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
        </label>
      </nav>
      <main>
        <OwnEnterpriseBanner />
        {/* One screen failing leaves the navigation working; another route tries again. */}
        <ErrorBoundary resetKey={hrefFor(route)} fallback={(error, reset) => <ScreenFailed error={error} onRetry={reset} />}>
          <Suspense
            fallback={
              <p className="muted" role="status">
                {t('app.loading')}
              </p>
            }
          >
            {screen}
          </Suspense>
        </ErrorBoundary>
      </main>
      <UndoToast />
    </div>
  );
}
