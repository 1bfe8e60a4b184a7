// Import boundaries between the folders of electron/ (docs/ARCHITECTURE.md), kept apart from
// eslint.config.mjs so a test can lint text against exactly these rules.
// The layers inside electron/, lowest first. A folder may import its own layer and the ones
// below it (and shared/), never one above: the rule per folder lists what it must not reach.
// cli/, host/ and shell/ are the transports at the top; only cli/ starts a host (ratio serve).
export const LAYERS = ['core', 'search', 'extract', 'app', 'exchange', 'api'];
export const TRANSPORTS = ['cli', 'host', 'shell'];
const above = (folder) => {
  const i = LAYERS.indexOf(folder);
  if (i >= 0) return [...LAYERS.slice(i + 1), ...TRANSPORTS];
  return TRANSPORTS.filter((t) => t !== folder && !(folder === 'cli' && t === 'host'));
};
export const layerRules = [...LAYERS, ...TRANSPORTS].map((folder) => ({
  files: [`electron/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['**/renderer/**'], message: 'electron/ never imports renderer/.' },
          ...above(folder).map((upper) => ({
            regex: `^(\\.\\./)+${upper}/|^\\./${upper}/`,
            message: `electron/${folder}/ is below electron/${upper}/ (see docs/ARCHITECTURE.md): it may not import it.`,
          })),
        ],
      },
    ],
  },
}));
