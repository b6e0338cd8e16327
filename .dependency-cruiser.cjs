/**
 * The course library's layers, enforced by `npm test` (test/layers.test.ts):
 *
 *   core (lib/src/*.ts: seed, mode, paths, interrupt, losses) → data → models → train → analysis
 *   → plots → notebook
 *
 * A module may import its own layer and the layers to its left, never one to its right, and no
 * import cycles. `lib/src/index.ts` is the public API and may import everything. The speed engine
 * (packages/tfjs-wasm-fast) knows nothing of the course, and the course reaches it only through
 * lib/src/engine.ts, which tolerates its absence. Known violations that are still to be removed
 * are listed in .dependency-cruiser-known-violations.json.
 */
/** Tests may use any layer: they are not part of the library. */
const TESTS = '[.]test[.]ts$';
const LAYERS = ['data', 'models', 'train', 'analysis', 'plots', 'notebook'];
const COURSE = ['data', 'models', 'train', 'analysis', 'plots', 'notebook'];

const layerRules = LAYERS.map((layer, i) => ({
  name: `${layer}-looks-only-down`,
  comment: `lib/src/${layer} may import only ${['core', ...LAYERS.slice(0, i + 1)].join(', ')}`,
  severity: 'error',
  from: { path: `^lib/src/${layer}/`, pathNot: TESTS },
  to: { path: `^lib/src/(${LAYERS.slice(i + 1).join('|') || '$^'})/` },
}));

module.exports = {
  forbidden: [
    ...layerRules.filter((r) => !r.name.startsWith('notebook')),
    {
      name: 'core-is-the-bottom',
      comment: 'lib/src/*.ts (except index.ts) import no layer',
      severity: 'error',
      from: { path: '^lib/src/[^/]+[.]ts$', pathNot: '^lib/src/index[.]ts$' },
      to: { path: `^lib/src/(${[...COURSE, 'backend'].join('|')})/` },
    },
    {
      name: 'engine-knows-no-course',
      comment: 'packages/tfjs-wasm-fast registers faster kernels for tf ops; it imports nothing of the course',
      severity: 'error',
      from: { path: '^packages/tfjs-wasm-fast/', pathNot: TESTS },
      to: { path: '^(lib|kernel|tools|notebooks)/' },
    },
    {
      name: 'engine-through-one-door',
      comment: 'only lib/src/engine.ts loads the optional engine (it may be absent); the rest ask it',
      severity: 'error',
      from: { path: '^lib/src/', pathNot: `^lib/src/engine[.]ts$|${TESTS}` },
      to: { path: 'tfjs-wasm-fast', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'models-use-tf-ops',
      comment: 'models call public tf ops, which the engine accelerates underneath; never the engine',
      severity: 'error',
      from: { path: '^lib/src/models/', pathNot: TESTS },
      to: { path: '^lib/src/engine[.]ts$' },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      from: { path: '^lib/src/' },
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    exclude: { path: '(^|/)(dist|node_modules)/' },
  },
};
