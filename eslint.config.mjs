// ESLint over the repository's code (`npm run lint`, and test/lint.test.ts under `npm test`).
// Formatting is Prettier's job (.prettierrc.json); these rules look for mistakes.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      '.venv/',
      'runs/',
      '.cache/',
      'test-artifacts/',
      'checkpoints/',
      'datasets/',
      'test/fixtures/',
      'packages/tfjs-wasm-fast/src/*-wasm.ts',
    ],
  },
  {
    files: ['**/*.{ts,mjs,js,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // CommonJS build: optional or slow packages (tfjs-node, the wasm backend, mathjs, tslab's internals) load on first use
      '@typescript-eslint/no-require-imports': 'off',
      // as tsc's noUnusedParameters: a leading _ marks a parameter an interface needs, or a field dropped before ...rest
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
);
