import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- the lint configuration is plain JavaScript without types.
import { layerRules } from '../../eslint.layers.mjs';

const linter = new Linter({ configType: 'flat' });

function errors(file: string, source: string): string[] {
  const config = [{ files: ['**/*.ts'], languageOptions: { sourceType: 'module' as const } }, ...(layerRules as Linter.Config[])];
  return linter.verify(source, config, file).map((m) => m.message);
}

describe('the layer rules of electron/', () => {
  it('fail an import that climbs a layer', () => {
    expect(errors('electron/core/repos/entries.ts', "import { SearchIndexer } from '../../search/indexer.js';")).toEqual([
      expect.stringContaining('electron/core/ is below electron/search/'),
    ]);
    expect(errors('electron/search/engine.ts', "import { x } from '../exchange/keys.js';")).toHaveLength(1);
    expect(errors('electron/exchange/keys.ts', "import { x } from '../api/handlers/index.js';")).toHaveLength(1);
    expect(errors('electron/api/dispatch.ts', "import { x } from '../cli/program.js';")).toHaveLength(1);
    expect(errors('electron/host/server.ts', "import { x } from '../shell/main.js';")).toHaveLength(1);
  });

  it('let a layer import its own folder, the layers below it and shared/', () => {
    expect(
      errors(
        'electron/search/engine.ts',
        "import { x } from '../core/repos/tags.js';\nimport { y } from './fields.js';\nimport { z } from '../../shared/schemas/search.js';",
      ),
    ).toEqual([]);
    expect(errors('electron/cli/commands/serve.ts', "import { startHost } from '../../host/server.js';")).toEqual([]);
    expect(errors('electron/api/handlers/search.ts', "import { x } from '../../app/selection.js';")).toEqual([]);
  });
});
