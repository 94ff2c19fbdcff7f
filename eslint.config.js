// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import boundaries from 'eslint-plugin-boundaries';

/**
 * The browser's layers, from the top down (README "How it is built"): a file may import its own
 * layer and any layer below it, never one above. `sw` is the service worker's own entry.
 */
const BROWSER_LAYERS = ['app', 'features', 'ui', 'auth', 'offline', 'sw', 'i18n', 'odoo', 'storage', 'lib'];

const layerRules = (layers) => ({
  plugins: { boundaries },
  settings: {
    'boundaries/elements': layers.map(({ type, pattern }) => ({ type, pattern })),
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        message: '{{from.type}} may not import {{to.type}}: imports point down the layer list (README "How it is built").',
        policies: layers.map(({ type }, index) => ({
          from: { element: { type } },
          allow: { to: { element: { types: { anyOf: layers.slice(index).map((layer) => layer.type) } } } },
        })),
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist', 'node_modules', '.data', '.tmp', 'coverage', 'bench/*.json'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Browser code: React hooks rules, and never the server (STYLE.md layers).
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/server/**'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**'], message: 'Browser code never imports src/server.' }] }],
      'no-restricted-syntax': ['error', { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render partner data as text.' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/server/**'],
    ...layerRules(BROWSER_LAYERS.map((layer) => ({ type: layer, pattern: `src/${layer}` }))),
  },
  {
    // Node code: the server never imports React or browser code.
    files: ['src/server/**/*.ts', 'tests/**/*.ts', 'scripts/**/*.{js,mjs}', 'bench/**/*.ts', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['react', 'react-dom', '**/app/**', '**/features/**', '**/ui/**'], message: 'The server never imports browser code.' }] }],
    },
  },
);
