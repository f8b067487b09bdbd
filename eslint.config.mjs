// ESLint (flat config). Workflow code runs in Temporal's deterministic sandbox: it may not import
// Node built-ins or non-workflow packages (database, HTTP, config readers) — only type imports.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_')).flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', '.tools/**', 'coverage/**', 'jest.config.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Forgetting to await an activity, timer or update is a silent bug.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow code cannot use Node built-ins.' })),
          patterns: [
            {
              group: ['@prisma/*', 'pg', 'express', 'pino', '@temporalio/client', '@temporalio/worker', '@temporalio/activity', 'chinese-days', '**/infra/**', '**/api/**'],
              message: 'Workflow code is deterministic: no I/O libraries (use activities; type-only imports are fine).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
