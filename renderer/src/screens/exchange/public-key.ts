/**
 * A partner's Ed25519 public key as people paste it, read the way the core reads it
 * (electron/exchange/keys.ts parsePublicKey): 44 characters of base64, 64 hex digits, or a
 * PEM block. Checked here so the form can say what is wrong and show the fingerprint before
 * anything is sent; the core checks again.
 */
const SPKI_PREFIX = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

function fromBase64(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The raw 32 bytes of the key, or null when the text is not a key in any of the three forms. */
export function parsePublicKey(text: string): Uint8Array<ArrayBuffer> | null {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Uint8Array.from(trimmed.match(/../g) ?? [], (h) => parseInt(h, 16));
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return fromBase64(trimmed);
  const pem = /^-----BEGIN PUBLIC KEY-----\s*([A-Za-z0-9+/=\s]+?)\s*-----END PUBLIC KEY-----$/.exec(trimmed);
  if (pem) {
    const der = fromBase64((pem[1] ?? '').replace(/\s+/g, ''));
    if (der && der.length === SPKI_PREFIX.length + 32 && SPKI_PREFIX.every((b, i) => der[i] === b)) return der.slice(SPKI_PREFIX.length);
  }
  return null;
}

/** The key's fingerprint as the core computes it: SHA-256 of the raw key, lowercase hex. */
export async function fingerprintOf(raw: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', raw);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
