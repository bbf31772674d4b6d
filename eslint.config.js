// ESLint: typescript-eslint's recommended rules for TypeScript, eslint-plugin-astro
// for components and pages, and eslint-config-prettier last so formatting is
// left to Prettier. `npm run lint` runs both with zero warnings allowed.
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.astro/', 'node_modules/', 'data/', 'tests/.artifacts/', 'public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `typeof import('…')` stays allowed: ambient declarations (src/env.d.ts) and vi.mock need it.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    // Migrations are frozen in time and typed against Kysely<any> on purpose.
    files: ['db/migrations/**/*.ts', 'db/dialect.ts', 'tests/integration/migrations.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/scripts/**/*.ts', 'public/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
);
