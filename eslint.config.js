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

/**
 * The server's, from the top down (README "How it is built"): the command line, the process (the
 * files at the top of src/server: main.ts, the configuration, the build), the one-origin HTTP app,
 * the seed add-ons (mounted on the authorization server by main.ts), the authorization server, the
 * Odoo look-alike, the store, and what all share (headers, HTML escaping, the configuration error).
 * A folder's pattern matches what is under it; the first that matches a file classifies it.
 */
const SERVER_LAYERS = [
  { type: 'server-cli', pattern: 'src/server/cli' },
  { type: 'server-http', pattern: 'src/server/http' },
  { type: 'server-addons', pattern: 'src/server/oauth/addons' },
  { type: 'server-oauth', pattern: 'src/server/oauth' },
  { type: 'server-odoo', pattern: 'src/server/odoo' },
  { type: 'server-store', pattern: 'src/server/store' },
  { type: 'server-shared', pattern: 'src/server/shared' },
];
/** The process's files, at the top of src/server (main.ts, config.ts, the build): only the command line imports them. */
const SERVER_PROCESS_FILES = 'src/server/*.ts';

/** `top`: files above every layer (a category of files), imported only by the layers named. */
const layerRules = (layers, top) => ({
  plugins: { boundaries },
  settings: {
    'boundaries/elements': layers.map(({ type, pattern }) => ({ type, pattern })),
    ...(top === undefined ? {} : { 'boundaries/files': [{ category: top.category, pattern: top.pattern }] }),
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        message: '{{from.type}} may not import {{dependency.source}} ({{to.type}}): imports point down the layer list (README "How it is built").',
        policies: [
          ...layers.map(({ type }, index) => ({
            from: { element: { type } },
            allow: { to: { element: { types: { anyOf: layers.slice(index).map((layer) => layer.type) } } } },
          })),
          ...(top === undefined
            ? []
            : [
                { from: { element: { types: { anyOf: top.importedBy } } }, allow: { to: { file: { categories: top.category } } } },
                { from: { file: { categories: top.category } }, allow: { to: { file: { categories: top.category } } } },
                { from: { file: { categories: top.category } }, allow: { to: { element: { types: { anyOf: layers.map(({ type }) => type) } } } } },
                { from: { element: { types: { anyOf: layers.map(({ type }) => type).filter((type) => !top.importedBy.includes(type)) } } }, disallow: { to: { file: { categories: top.category } } } },
              ]),
        ],
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
    files: ['src/server/**/*.ts'],
    ...layerRules(SERVER_LAYERS, { category: 'server-process', pattern: SERVER_PROCESS_FILES, importedBy: ['server-cli'] }),
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
