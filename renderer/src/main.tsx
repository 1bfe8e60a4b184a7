import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { detectTransport } from './api/transport.js';
import { App } from './app/App.js';
import { TransportContext } from './app/context.js';
import { AppFailed, ErrorBoundary } from './components/ErrorBoundary.js';
import { initI18n } from './i18n/index.js';
import { markdownRenderer } from './markdown/markdown-renderer.js';
import './styles.css';

async function start(): Promise<void> {
  markdownRenderer.prewarm();
  await initI18n();
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary fallback={(error) => <AppFailed error={error} />}>
        <TransportContext.Provider value={detectTransport()}>
          <App />
        </TransportContext.Provider>
      </ErrorBoundary>
    </StrictMode>,
  );
}

void start();
