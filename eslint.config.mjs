import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';

/** One `no-restricted-imports` entry per layer: its folders may not import the folders above, nor `app.*`. */
function backendLayers(layers) {
  return layers.map(([folders, above]) => ({
    files: folders.map((folder) => `backend/src/${folder}/**/*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(${[...above.map((f) => `${f}/`), 'app\\.'].join('|')})`,
              message: `${folders.join(' and ')} may not import ${[...above, 'app.*'].join(', ')} (the layers are in eslint.config.mjs): move what both need down, or invert the dependency.`,
            },
          ],
        },
      ],
    },
  }));
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '.data/**', '**/test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['frontend/**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    files: ['frontend/src/**/*.{ts,vue}'],
    languageOptions: { globals: globals.browser },
    rules: {
      // Prettier-style formatting is not enforced; these layout rules only fight the code's own style.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-indent': 'off',
    },
  },
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    // Nest resolves constructor parameters from emitted metadata: their classes must stay value imports.
    files: ['backend/src/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  // The backend's layers, lowest first: config and reference (data) → common → database → simulator → modules
  // → realtime → app.*/main.ts. A folder imports only from below itself (modules also from each other,
  // through their services); each entry forbids what sits above it.
  ...backendLayers([
    [['config', 'reference'], ['common', 'database', 'simulator', 'modules', 'realtime']],
    [['common'], ['database', 'simulator', 'modules', 'realtime']],
    [['database'], ['simulator', 'modules', 'realtime']],
    // The simulator also runs as a CLI without Nest: reference data only.
    [['simulator'], ['common', 'database', 'modules', 'realtime']],
    [['modules'], ['realtime']],
    [['realtime'], []],
  ]),
  {
    files: ['**/test/**/*.ts', '**/*.spec.ts', '**/*.test.ts', 'frontend/tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
