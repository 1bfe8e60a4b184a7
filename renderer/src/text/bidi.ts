/**
 * Bidirectional controls: marks, embeddings, overrides and isolates. In a partner's file
 * name or title, U+202E makes `photo_gpj.exe` read as `photo_exe.jpg`; no name needs them
 * to be read correctly once it is shown isolated from its surroundings (see Name).
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** A single-line name as it may be shown: without bidirectional controls. */
export function plainName(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
