import type { ReactNode } from 'react';
import { plainName } from '../text/bidi.js';

/**
 * A name from a partner (title, attachment, enterprise, tag, author) as the page shows it:
 * its bidirectional controls removed and the whole isolated in <bdi>, so neither the name
 * nor its own right-to-left letters reorder the text around it. Where only a string will
 * do (attributes, <option>, dialogs, interpolated messages), use plainName.
 */
export function Name({ text }: { text: string }): ReactNode {
  return <bdi data-content="">{plainName(text)}</bdi>;
}
