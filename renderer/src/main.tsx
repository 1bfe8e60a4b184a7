import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { detectTransport } from './api/transport.js';
import { App } from './app/App.js';
import { TransportContext } from './app/context.js';
import { AppFailed, ErrorBoundary } from './components/ErrorBoundary.js';
import { followInterfaceLanguage, initI18n } from './i18n/index.js';
import { markdownRenderer } from './markdown/markdown-renderer.js';
import './styles.css';

async function start(): Promise<void> {
  markdownRenderer.prewarm();
  await initI18n();
  const root = document.getElementById('root');
  if (!root) return;
  const transport = detectTransport();
  // The desktop shell's menus and dialogs speak the interface language from here on.
  followInterfaceLanguage((language) => transport.setShellLanguage(language));
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary fallback={(error) => <AppFailed error={error} />}>
        <TransportContext.Provider value={transport}>
          <App />
        </TransportContext.Provider>
      </ErrorBoundary>
    </StrictMode>,
  );
}

void start();
