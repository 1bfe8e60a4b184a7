import type { ReactNode } from 'react';

/** Fingerprints in groups of four, as people read them aloud to compare. */
export function Fingerprint({ value }: { value: string }): ReactNode {
  return (
    <span className="mono fingerprint" data-content="">
      {value.match(/.{1,4}/g)?.join(' ')}
    </span>
  );
}
