import { BrowserWindow } from 'electron';
import { isAttachmentUrl } from './attachments.js';
import { RENDERER_URL } from './protocols.js';
import { hardenWebContents, openExternalSafely } from './security.js';

/**
 * Creates the window, hardens it and loads the renderer from app://. The renderer shows
 * catalogue content that partly comes from other enterprises, so it gets no Node, its own
 * JavaScript world, Chromium's sandbox and full web security; the preload is the only
 * bridge. (The options are written out here, not built elsewhere, so Electronegativity
 * can read them at the constructor.)
 */
export function createMainWindow(preloadPath: string, openAttachment?: (url: string) => void): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Ratio',
    backgroundColor: '#f6f5f2',
    webPreferences: {
      // Reviewed: the preload exposes one object, ratioBridge (call / onProgress / onCommand /
      // setShellLanguage, which carries only 'en' | 'ru' | 'zh'),
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
  if (openAttachment) {
    // An attachment link on the page (target=_blank to ratio-attachment://) still opens no
    // window: main opens a copy in the system viewer or saves it (attachments.ts). Every
    // other URL is treated exactly as hardenWebContents treats it.
    window.webContents.setWindowOpenHandler(({ url }) => {
      if (isAttachmentUrl(url)) openAttachment(url);
      else openExternalSafely(url);
      return { action: 'deny' };
    });
  }
  window.once('ready-to-show', () => window.show());
  void window.loadURL(RENDERER_URL);
  return window;
}
