import { BrowserWindow } from 'electron';
import { RENDERER_URL } from './protocols.js';
import { hardenWebContents } from './security.js';

/**
 * Creates the window, hardens it and loads the renderer from app://. The renderer shows
 * catalogue content that partly comes from other enterprises, so it gets no Node, its own
 * JavaScript world, Chromium's sandbox and full web security; the preload is the only
 * bridge. (The options are written out here, not built elsewhere, so Electronegativity
 * can read them at the constructor.)
 */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Ratio',
    backgroundColor: '#f6f5f2',
    webPreferences: {
      // Reviewed: the preload exposes one object, ratioBridge (call / onProgress / onCommand),
      // checks operation names against the contract and never hands out ipcRenderer or events.
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // A middle click would open a link in a new window; window.open is denied anyway,
      // and turning the feature off removes the path altogether.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
    },
  });
  hardenWebContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(RENDERER_URL);
  return window;
}
