import { shell, type IpcMainInvokeEvent, type Session, type WebContents } from 'electron';
import { APP_HOST, APP_SCHEME } from './protocols.js';

const MAX_EXTERNAL_URL = 2048;

/**
 * Links a page may hand to the system browser: https only, to a named host, with no
 * credentials and nothing a shell or a browser could misread (spaces, control characters).
 */
export function isSafeExternalUrl(raw: string): boolean {
  if (raw.length > MAX_EXTERNAL_URL || /\s/.test(raw) || [...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return false;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
}

/** Opens `url` in the system browser when it passes the check; says whether it did. */
export function openExternalSafely(url: string): boolean {
  if (!isSafeExternalUrl(url)) return false;
  // The URL was checked just above: https, a host, no credentials.
  void shell.openExternal(url); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
  return true;
}

/**
 * Every web contents stays on the app: no new windows (an https link goes to the system
 * browser instead), no navigation or redirects away from the loaded page, no webviews.
 */
const hardened = new WeakSet<WebContents>();

export function hardenWebContents(contents: WebContents): void {
  // Called for the main window and again from app 'web-contents-created'; once is enough
  // (twice would open an external link twice).
  if (hardened.has(contents)) return;
  hardened.add(contents);
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openExternalSafely(url);
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

/** Ratio needs no camera, microphone, location, notifications, clipboard reads or anything else. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** True for a URL of our own renderer: app://ratio/… */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * An IPC message is ours only when it comes from the main frame (not an iframe) of the
 * window we created, showing our app:// page. Anything else is refused before its payload
 * is even looked at.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, trustedContentsId: () => number | null): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  if (event.sender.id !== trustedContentsId()) return false;
  // The top frame of that window: no parent, and the same frame as its main frame (compared
  // by the frame's ids, which stay the same whichever wrapper object Electron hands out).
  const main = event.sender.mainFrame;
  if (frame.parent !== null || frame.frameTreeNodeId !== main.frameTreeNodeId || frame.processId !== main.processId) return false;
  return isAppUrl(frame.url);
}
