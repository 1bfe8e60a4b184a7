// Lint, including the layer boundaries from DESIGN.md: shared/ is pure TypeScript,
// renderer/ reaches the core only through shared/, electron/ never imports renderer/.
import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';
import { layerRules } from './eslint.layers.mjs';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyPackages = ['electron', 'better-sqlite3', 'lunr', 'lunr-languages', 'yauzl', 'yazl', 'commander', 'mime-types'];

const restrict = (message, extraPatterns = []) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: [...nodeBuiltins, ...nodeOnlyPackages].map((name) => ({ name, message })),
      patterns: [{ group: ['node:*', ...extraPatterns], message }],
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'release/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json', './tsconfig.shared.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node },
  },
  {
    // expect.any() and friends are typed `any` by vitest.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      ...restrict('shared/ is pure TypeScript: no Node, Electron or DOM.', ['**/electron/**', '**/renderer/**', 'react', 'react-dom']),
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: globals.browser },
    rules: {
      ...restrict('renderer/ reaches the core only through the API client in shared/.', ['**/electron/**']),
      // Addresses of screens are made in one place, so a route can change without hunting for links.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TemplateLiteral > TemplateElement:first-child[value.raw=/^#\\/(entry|trash)\\//]',
          message: "Build a screen's address with hrefFor() from app/router.ts.",
        },
        { selector: 'Literal[value=/^#\\/(entry|trash)\\//]', message: "Build a screen's address with hrefFor() from app/router.ts." },
      ],
    },
  },
  {
    files: ['renderer/src/app/router.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'electron/ never imports renderer/.' }] }],
    },
  },
  ...layerRules,
);
