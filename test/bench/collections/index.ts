import { loadCacm } from './cacm.js';
import { loadCranfield } from './cranfield.js';
import { loadLisa } from './lisa.js';
import { loadMed } from './med.js';
import { loadNpl } from './npl.js';
import type { Collection } from './types.js';

export const COLLECTIONS: Record<string, (root: string) => Collection> = {
  cranfield: loadCranfield,
  cacm: loadCacm,
  med: loadMed,
  npl: loadNpl,
  lisa: loadLisa,
};

export { benchDir, type Collection } from './types.js';
