import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { detectTransport } from './api/transport.js';
import { App } from './app/App.js';
import { TransportContext } from './app/context.js';
import { initI18n } from './i18n/index.js';
import './styles.css';

async function start(): Promise<void> {
  await initI18n();
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <TransportContext.Provider value={detectTransport()}>
        <App />
      </TransportContext.Provider>
    </StrictMode>,
  );
}

void start();
