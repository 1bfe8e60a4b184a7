import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

const fake = await import('./fake-electron.js');
const { createMainWindow } = await import('../../electron/shell/window.js');
const { denyAllPermissions, hardenWebContents, isSafeExternalUrl } = await import('../../electron/shell/security.js');
const { RENDERER_URL } = await import('../../electron/shell/protocols.js');

const event = () => ({ preventDefault: vi.fn() });

beforeEach(() => {
  fake.shell.openExternal.mockClear();
});

describe('the main window', () => {
  it('is created with every security option set', () => {
    const window = createMainWindow('/app/dist/electron/preload.cjs') as unknown as InstanceType<typeof fake.BrowserWindow>;
    const prefs = window.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
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
    });
    expect(prefs).not.toHaveProperty('enableRemoteModule');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(window.loadedUrl).toBe(RENDERER_URL);
    expect(RENDERER_URL).toBe('app://ratio/index.html');
  });

  it('denies window.open and sends only checked https links to the system browser', () => {
    const window = createMainWindow('/p.cjs') as unknown as InstanceType<typeof fake.BrowserWindow>;
    const handler = window.webContents.windowOpenHandler;
    expect(handler).not.toBeNull();
    for (const url of [
      'https://example.org/a?b=c',
      'http://example.org/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'app://ratio/index.html',
      'https://user:pw@example.org/',
    ]) {
      expect(handler?.({ url })).toEqual({ action: 'deny' });
    }
    expect(fake.shell.openExternal).toHaveBeenCalledTimes(1);
    expect(fake.shell.openExternal).toHaveBeenCalledWith('https://example.org/a?b=c');
  });

  it('blocks navigation, redirects and webviews', () => {
    const window = createMainWindow('/p.cjs') as unknown as InstanceType<typeof fake.BrowserWindow>;
    const contents = window.webContents;
    for (const url of ['app://ratio/other.html', 'https://evil.example/', 'file:///etc/passwd']) {
      const e = event();
      contents.emit('will-navigate', e, url);
      expect(e.preventDefault).toHaveBeenCalled();
    }
    // The https link went to the system browser, the others nowhere.
    expect(fake.shell.openExternal).toHaveBeenCalledTimes(1);
    const redirect = event();
    contents.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = event();
    contents.emit('will-attach-webview', webview, {}, {});
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('hardens any web contents the same way', () => {
    const contents = new fake.FakeWebContents();
    hardenWebContents(contents as never);
    expect(contents.windowOpenHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(contents.listeners.get('will-navigate')).toHaveLength(1);
    expect(contents.listeners.get('will-attach-webview')).toHaveLength(1);
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    const session = new fake.FakeSession();
    denyAllPermissions(session as never);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const callback = vi.fn();
      session.permissionRequestHandler?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.permissionCheckHandler?.({}, permission)).toBe(false);
    }
  });
});

describe('external links', () => {
  it('accepts https with a host and refuses everything else', () => {
    expect(isSafeExternalUrl('https://www.wipo.int/classifications/ipc/')).toBe(true);
    for (const url of [
      'http://example.org/',
      'ftp://example.org/',
      'file:///C:/Windows/system32/calc.exe',
      'javascript:alert(1)',
      'smb://host/share',
      'https://user:secret@example.org/',
      'https://example.org/ spaced',
      'https://example.org/\u0000',
      'not a url',
      `https://example.org/${'a'.repeat(3000)}`,
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
});
