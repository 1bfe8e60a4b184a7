import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { createLocalClient } from '../../electron/api/local-client.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { cleanupTemp, tempDir } from '../helpers.js';

afterEach(cleanupTemp);

const TTL = `@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ratio: <https://ratio.example.invalid/skos#> .
<https://ratio.example.invalid/thesaurus/demo/wool-finishing> a skos:Concept ;
  skos:prefLabel "finishing of woollen cloth"@en, "отделка шерстяных тканей"@ru, "毛织物整理"@zh-Hans ;
  ratio:tagPath "textiles/wool/finishing" .
<https://ratio.example.invalid/thesaurus/demo/decatising> a skos:Concept ;
  skos:prefLabel "decatising"@en, "декатировка"@ru, "蒸呢"@zh-Hans ;
  skos:broader <https://ratio.example.invalid/thesaurus/demo/wool-finishing> .
`;

it('loads the demo thesaurus beside the demo catalogue, linking its tags, and a second load adds nothing', async () => {
  // The bundled demo, with a thesaurus file of its own.
  const resources = tempDir();
  fs.cpSync(path.join(findResourcesDir(), 'demo'), path.join(resources, 'demo'), { recursive: true });
  fs.writeFileSync(path.join(resources, 'demo', 'thesaurus.ttl'), TTL);
  const catalogue = Catalogue.open(path.join(tempDir(), 'cat'), { create: true, actor: 'tester' });
  try {
    const client = createLocalClient(createHandlers(catalogue, { resourcesDir: () => resources }), { validateResponses: true });
    const tagsBefore = catalogue.tags.list().length;
    expect(tagsBefore).toBe(0);
    const first = await client.call('catalogue.loadDemo', {});
    expect(first.entriesAdded).toBe(52);
    expect(first.conceptsAdded).toBe(1);
    const tree = await client.call('thesaurus.tree', {});
    const finishing = tree.concepts.find((c) => c.uri.endsWith('/wool-finishing'));
    expect(finishing?.prefLabels).toEqual({ en: 'finishing of woollen cloth', ru: 'отделка шерстяных тканей', 'zh-Hans': '毛织物整理' });
    const detail = await client.call('thesaurus.get', { id: finishing?.id as string });
    expect(detail.tags.map((t) => t.path)).toEqual(['textiles/wool/finishing']);
    expect(detail.narrower).toHaveLength(1);
    // Every demo tag still has a concept; the tag tree is the demo's.
    const tags = catalogue.tags.list();
    expect(tags.every((t) => catalogue.concepts?.conceptOfTag(t.id) !== null)).toBe(true);
    expect(tree.concepts).toHaveLength(tags.length + 1);

    const second = await client.call('catalogue.loadDemo', {});
    expect(second).toMatchObject({ entriesAdded: 0, conceptsAdded: 0 });
    expect((await client.call('thesaurus.tree', {})).concepts).toHaveLength(tree.concepts.length);
  } finally {
    catalogue.close();
  }
});
