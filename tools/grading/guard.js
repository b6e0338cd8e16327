/**
 * The grading guard: what a graded notebook's tests see cannot be changed by the student's cells.
 *
 * Threat: the kernel (tslab) runs every cell in one JavaScript realm, and a cell's references to
 * earlier cells' variables are `exports.v` lookups made when the code runs. A student cell can
 * therefore redefine `assert.ok`, `Math.abs`, `tf.max`, `Array.prototype[Symbol.iterator]`, the
 * notebook's `assertClose`, or `tf` itself, and every later test would call the fake.
 *
 * Defence, installed by a locked prelude cell that the grader puts before any student cell
 * (tools/grading/rewrite.ts writes it, and the test cells that use it):
 *   1. load everything the tests use while the realm is still clean: genmodels (and its tf), its
 *      wasm backend, mathjs, node:assert; keep pristine references in this closure;
 *   2. SES `lockdown()`: every ECMAScript intrinsic (Object, Array, Math, JSON, Promise, their
 *      prototypes, the iterator prototypes, …) is frozen for the rest of the run;
 *   3. freeze the library surfaces tests read: node:assert (+ strict), the TF.js packages'
 *      namespaces, tf.Tensor/Variable prototypes, every genmodels module, node:vm; and make the
 *      globals library code reads (Math, JSON, Object, …, __tslab__) non-writable;
 *   4. tests run through `test(id, body)`: each rewritten test cell is an async function whose
 *      parameters shadow tf, gm, assert, Math, SEED, … with the pristine values, and which
 *      re-declares the locked cells' helpers inside it, so their free variables are pristine too;
 *   5. TF.js's runtime state (kernel and gradient registries, the engine and backend objects'
 *      methods) is fingerprinted after set-up and checked before and after every test;
 *   6. delegation: `require('genmodels')` (and every `genmodels/dist/…` module) now returns a copy
 *      whose functions the assignment asks students to write are tracers. Library code keeps the
 *      originals it imported at load time, so library-internal calls never trace, and tests get the
 *      originals; a traced call while a test runs fails that test ("calls genmodels.negativeElbo,
 *      which this exercise asks you to write").
 *   7. the hooks (capture, test) must be called in the grader's order, once each; a student cell
 *      that calls one itself makes the real call arrive out of order, and that test and every later
 *      one fail, so a stolen set of pristine references is worth nothing.
 *
 * Plain CommonJS so the grader can inline it (its text is evaluated by the prelude cell, so it
 * needs no file inside the sandbox): `module.exports = install`, called as
 * `install(require, config)` with tslab's `require` and the config the rewrite computed.
 */
'use strict';

const GUARD_GLOBAL = '__genmodelsGuard';
/** Intrinsic globals that library code and tests read; made non-writable, and bound for tests. */
const GLOBALS = [
  'Math',
  'JSON',
  'Object',
  'Array',
  'Number',
  'String',
  'Boolean',
  'Symbol',
  'Promise',
  'Reflect',
  'Error',
  'TypeError',
  'RangeError',
  'Map',
  'Set',
  'Float32Array',
  'Float64Array',
  'Int32Array',
  'Uint8Array',
  'isFinite',
  'isNaN',
  'parseFloat',
  'parseInt',
];
const TF_PACKAGES = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-converter',
  '@tensorflow/tfjs-data',
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-webgl',
  '@tensorflow/tfjs-backend-wasm',
];
/** SES options that keep Node, tslab and TF.js working: stacks stay readable, eval stays (tslab). */
const LOCKDOWN = {
  errorTaming: 'unsafe',
  stackFiltering: 'verbose',
  consoleTaming: 'unsafe',
  overrideTaming: 'severe',
  domainTaming: 'unsafe',
  evalTaming: 'unsafe-eval',
  localeTaming: 'unsafe',
  regExpTaming: 'unsafe',
};

class GuardError extends Error {}

/** Object.freeze a namespace and the plain objects it holds (tf.io, tf.layers, …), `depth` levels down. */
function freezeNamespace(ns, depth) {
  if (!ns || (typeof ns !== 'object' && typeof ns !== 'function') || Object.isFrozen(ns)) return;
  Object.freeze(ns);
  if (depth === 0) return;
  for (const key of Object.getOwnPropertyNames(ns)) {
    const d = Object.getOwnPropertyDescriptor(ns, key);
    const v = d && 'value' in d ? d.value : undefined;
    const proto = v && typeof v === 'object' ? Object.getPrototypeOf(v) : undefined;
    if (proto === Object.prototype || proto === null) freezeNamespace(v, depth - 1);
  }
}

/** Whether v is plain data (primitives, arrays and plain objects of them), which tests get a fresh copy of. */
function isPlainData(v, depth = 0) {
  if (v === null || typeof v !== 'object') return typeof v !== 'function' && typeof v !== 'symbol';
  const proto = Object.getPrototypeOf(v);
  if (depth > 8 || (proto !== Object.prototype && proto !== Array.prototype && proto !== null)) return false;
  return Object.keys(v).every((k) => isPlainData(v[k], depth + 1));
}

/** A data-only copy of a module's exports (getters read now), keeping __esModule so `import * as` returns it. */
function copyExports(exp, replace) {
  const copy = {};
  for (const key of Object.getOwnPropertyNames(exp)) {
    const value = key in replace ? replace[key] : exp[key];
    Object.defineProperty(copy, key, { value, enumerable: Object.getOwnPropertyDescriptor(exp, key).enumerable });
  }
  return Object.freeze(copy);
}

function pin(obj, key, value) {
  Object.defineProperty(obj, key, { value, writable: false, configurable: false, enumerable: true });
}

/** Identity fingerprint of TF.js's mutable runtime: registries and the engine's/backend's methods. */
function runtimeState(tf) {
  const globals = globalThis._tfGlobals;
  const entries = [];
  for (const name of ['kernelRegistry', 'gradRegistry']) {
    const registry = globals && globals.get(name);
    if (registry)
      for (const [key, v] of registry)
        entries.push([`${name}:${key}`, v, v.kernelFunc || v.gradFunc, v.setupFunc, v.disposeFunc]);
  }
  const engine = tf.engine();
  entries.push(['backend', engine.backendName]);
  for (const [label, obj] of [
    ['engine', engine],
    ['backend', engine.backend],
  ]) {
    for (const key of Object.getOwnPropertyNames(obj)) {
      const d = Object.getOwnPropertyDescriptor(obj, key);
      if (d.get || d.set || typeof d.value === 'function') entries.push([`${label}.${key}`, d.value, d.get, d.set]);
    }
  }
  return entries;
}

function describeChange(before, after) {
  const was = new Map(before.map((e) => [e[0], e]));
  const now = new Map(after.map((e) => [e[0], e]));
  for (const [key, e] of now) {
    const old = was.get(key);
    if (!old) return `added ${key}`;
    if (e.length !== old.length || e.some((v, i) => v !== old[i])) return `replaced ${key}`;
  }
  for (const key of was.keys()) if (!now.has(key)) return `removed ${key}`;
  return null;
}

/**
 * @param {NodeRequire} req  tslab's require, resolving from the notebook's folder
 * @param {{ sequence: {kind: 'capture' | 'test', id: string}[], answers: string[], imports: string[] }} config
 *   sequence: the hook calls in notebook order; answers: names the answer cells declare;
 *   imports: module specifiers the locked cells import
 */
async function install(req, config) {
  if (Object.prototype.hasOwnProperty.call(globalThis, GUARD_GLOBAL))
    throw new GuardError('the grading guard is already installed');
  const gm = req('genmodels');
  const tf = gm.tf;
  await gm.initBackend();
  const fromLib = (() => {
    try {
      return req('module').createRequire(req.resolve('genmodels'));
    } catch {
      return req;
    }
  })();
  for (const name of ['mathjs', ...TF_PACKAGES]) {
    try {
      fromLib(name);
    } catch {
      /* optional */
    }
  }
  const modules = new Map(config.imports.map((spec) => [spec, req(spec)]));
  const globals = Object.fromEntries(GLOBALS.map((n) => [n, globalThis[n]]));
  const exportsTable = globalThis.__tslab__.exports;
  const clone = globalThis.structuredClone;

  // 2. every intrinsic frozen
  req('ses');
  globalThis.lockdown(LOCKDOWN);

  // 6. tracers on the copies students get; originals stay with the library and the tests
  const libDir = req('path').dirname(req.resolve('genmodels/package.json'));
  const delegated = config.answers.filter((n) => typeof gm[n] === 'function');
  const originals = new Map(delegated.map((n) => [gm[n], n]));
  let current = null; // the running test: { calls: Set<string> }
  const tracers = new Map();
  for (const [fn, name] of originals) {
    const tracer = function (...args) {
      if (current) current.calls.add(name);
      return new.target ? Reflect.construct(fn, args, new.target) : Reflect.apply(fn, this, args);
    };
    Object.defineProperty(tracer, 'name', { value: name });
    tracers.set(fn, tracer);
  }
  const cache = req.cache;
  for (const file of Object.keys(cache)) {
    const mod = cache[file];
    if (!file.startsWith(libDir + req('path').sep) || !mod || !mod.exports || typeof mod.exports !== 'object') continue;
    const replace = {};
    for (const key of Object.getOwnPropertyNames(mod.exports)) {
      const d = Object.getOwnPropertyDescriptor(mod.exports, key);
      const v = 'value' in d ? d.value : mod.exports[key];
      if (tracers.has(v)) replace[key] = tracers.get(v);
    }
    freezeNamespace(mod.exports, 0);
    const seen = Object.keys(replace).length ? copyExports(mod.exports, replace) : mod.exports;
    pin(mod, 'exports', seen);
    pin(cache, file, mod);
  }

  // 3. library surfaces frozen, globals pinned
  for (const mod of modules.values()) freezeNamespace(mod, 2);
  for (const fn of [req('node:assert'), req('node:assert/strict')]) {
    freezeNamespace(fn, 0);
    for (const key of Object.getOwnPropertyNames(fn)) if (typeof fn[key] === 'function') Object.freeze(fn[key]);
  }
  for (const name of TF_PACKAGES) {
    try {
      freezeNamespace(fromLib(name), 2);
    } catch {
      /* not installed */
    }
  }
  freezeNamespace(gm, 1);
  for (const cls of [tf.Tensor, tf.Variable]) Object.freeze(cls.prototype);
  for (const v of Object.values(gm)) if (typeof v === 'function' && v.prototype) Object.freeze(v.prototype);
  Object.freeze(req('vm'));
  const engine = tf.engine();
  Object.freeze(Object.getPrototypeOf(engine));
  if (engine.backend) Object.freeze(Object.getPrototypeOf(engine.backend));
  for (const name of [...GLOBALS, '__tslab__', '_tfGlobals'])
    if (name in globalThis) pin(globalThis, name, globalThis[name]);

  // 5. the runtime every test must find unchanged
  const baseline = runtimeState(tf);
  const changed = () => {
    const what = describeChange(baseline, runtimeState(tf));
    return what && `the submission changed TensorFlow.js itself (${what}); tests cannot trust its results`;
  };

  // 4, 7. the hooks the rewritten cells call, in order
  const captured = Object.create(null);
  let next = 0;
  let compromised = null;
  const expect = (kind, id) => {
    if (compromised) throw new GuardError(compromised);
    const want = config.sequence[next];
    if (!want || want.kind !== kind || want.id !== id) {
      compromised = `the grader's ${kind} hook was called out of order (by a student cell?) before "${id}"; this and every later test score 0`;
      throw new GuardError(compromised);
    }
    next += 1;
  };
  const guard = Object.freeze({
    /** Right after locked cell `id`: keep its variables' values (own data properties of the kernel's table). */
    capture(id, names) {
      expect('capture', id);
      if (Object.getPrototypeOf(exportsTable) !== Object.prototype) {
        compromised = "the submission changed the prototype of the kernel's variable table; every later test scores 0";
        throw new GuardError(compromised);
      }
      for (const name of names) {
        const d = Object.getOwnPropertyDescriptor(exportsTable, name);
        if (d && 'value' in d) captured[name] = isPlainData(d.value) ? { data: clone(d.value) } : { ref: d.value };
      }
    },
    /** Run test `id`: `body` receives the pristine bindings by name. */
    async test(id, body) {
      expect('test', id);
      const before = changed();
      if (before) throw new GuardError(before);
      // plain data a locked cell made is copied afresh for each test, so no student cell can have edited it
      const bindings = { ...globals };
      for (const name in captured)
        bindings[name] = 'data' in captured[name] ? clone(captured[name].data) : captured[name].ref;
      for (const [spec, mod] of modules) bindings[`module:${spec}`] = mod;
      const run = { calls: new Set() };
      current = run;
      let failure = null;
      try {
        await body(Object.freeze(bindings));
      } catch (err) {
        failure = err;
      } finally {
        current = null;
      }
      if (run.calls.size) {
        const names = [...run.calls].map((n) => `genmodels.${n}`);
        const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
        throw new GuardError(`calls ${list}, which this exercise asks you to write`);
      }
      if (failure) throw failure;
      const after = changed();
      if (after) throw new GuardError(after);
    },
  });
  pin(globalThis, GUARD_GLOBAL, guard);
}

// GLOBALS too: the rewrite binds the same names as parameters of every test (rewrite.ts)
module.exports = Object.assign(install, { GLOBALS });
