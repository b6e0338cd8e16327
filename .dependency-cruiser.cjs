/**
 * The course library's layers, enforced by `npm test` (test/layers.test.ts):
 *
 *   core (lib/src/*.ts: seed, mode, paths, interrupt, losses) → data → models → train → analysis
 *   → plots → notebook
 *
 * A module may import its own layer and the layers to its left, never one to its right, and no
 * import cycles. `lib/src/index.ts` is the public API and may import everything. The speed engine
 * (lib/src/backend) knows nothing of the course. Known violations that are still to be removed
 * are listed in .dependency-cruiser-known-violations.json: models calling engine kernels directly
 * (matMulBias, tapConv2d) and the cycle pixelcnn ↔ pixelcnnSample (issue #25).
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
      comment: 'lib/src/backend registers faster kernels for tf ops; it imports nothing of the course',
      severity: 'error',
      from: { path: '^lib/src/backend/', pathNot: TESTS },
      to: { path: `^lib/src/(${COURSE.join('|')})/` },
    },
    {
      name: 'models-use-public-tf-ops',
      comment: 'models call tf ops, which the engine accelerates underneath; never engine kernels',
      severity: 'error',
      from: { path: '^lib/src/models/', pathNot: TESTS },
      to: { path: '^lib/src/backend/' },
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
