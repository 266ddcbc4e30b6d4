/**
 * Dependency rules of src/, checked by `npm run deps:check` (part of `npm test`). Cycles between
 * folders are found by scripts/check-folder-cycles.mjs from this tool's JSON output.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-file-cycle',
      severity: 'error',
      comment: 'Two files of src/ import each other, directly or through others (TypeORM entities name each other in relations).',
      from: { path: '^src/', pathNot: '[.]entity[.]ts$' },
      to: { circular: true },
    },
    {
      name: 'feature-imports-app',
      severity: 'error',
      comment: 'The composition (src/app.*) imports the features, never the other way round.',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/app[.]' },
    },
    {
      name: 'src-imports-tests',
      severity: 'error',
      comment: 'The service never imports its tests or benchmarks.',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    // Type-only imports are dependencies too.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
  },
};
