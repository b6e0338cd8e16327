/**
 * lib/src/index.ts is a curated public API: every value it exports is used outside lib/src (by a
 * lecture, solution or exercise code cell, a tool, a test, a benchmark or the kernel), every
 * export line says what it is in a doc comment, and the counts change only on purpose.
 *
 * "Used" means reached through the public entry: a named import from 'genmodels' or from
 * lib/src(/index) or lib/dist(/index), a member of a namespace import of those (`gm.fit`), or
 * `require('genmodels').fit`. A tool importing lib/src/data directly does not need the index.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import * as api from '../lib/src/index';

const ROOT = join(__dirname, '..');
const INDEX = join(ROOT, 'lib/src/index.ts');
/** The counts chosen in issue #25 (+1: growInto, for train --grow); change them together with index.ts. */
const VALUES = 112;
const TYPES = 75;

const ENTRY = String.raw`['"](?:genmodels|(?:\.\./)+lib/src(?:/index)?|(?:\.\./)+lib/dist(?:/index(?:\.js)?)?)['"]`;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return ['node_modules', 'dist', 'fixtures'].includes(e.name) ? [] : sourceFiles(p);
    return /\.(ts|js|mjs|py)$/.test(e.name) ? [p] : [];
  });
}

/** Code cells of every lecture, solution and exercise notebook, and every file of tools, test, bench, kernel. */
function outsideSources(): Map<string, string> {
  const out = new Map<string, string>();
  for (const dir of ['notebooks', 'solutions', 'exercises']) {
    for (const f of readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.ipynb'))) {
      const nb = JSON.parse(readFileSync(join(ROOT, dir, f), 'utf8')) as {
        cells: { cell_type: string; source: string | string[] }[];
      };
      const code = nb.cells
        .filter((c) => c.cell_type === 'code')
        .map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source));
      out.set(`${dir}/${f}`, code.join('\n'));
    }
  }
  for (const dir of ['tools', 'test', 'bench', 'kernel']) {
    for (const f of sourceFiles(join(ROOT, dir)))
      if (f !== __filename) out.set(relative(ROOT, f), readFileSync(f, 'utf8'));
  }
  return out;
}

/** The names `text` takes from the public entry: named imports, namespace members, require('genmodels').x. */
function namesUsed(text: string, notebook: boolean): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(new RegExp(String.raw`import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*${ENTRY}`, 'g'))) {
    for (const spec of m[1].split(',')) {
      const name = spec
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0]
        .trim();
      if (name) names.add(name);
    }
  }
  const aliases = new Set(
    [...text.matchAll(new RegExp(String.raw`import\s+\*\s+as\s+(\w+)\s+from\s*${ENTRY}`, 'g'))].map((m) => m[1]),
  );
  if (notebook) aliases.add('gm'); // the graded notebooks' locked cells: import * as gm from 'genmodels'
  for (const a of aliases) for (const m of text.matchAll(new RegExp(String.raw`\b${a}\.(\w+)`, 'g'))) names.add(m[1]);
  for (const m of text.matchAll(/require\(['"]genmodels['"]\)\.(\w+)/g)) names.add(m[1]);
  return names;
}

/** Each `export …` line of index.ts with the line above it. */
function exportLines(): { line: string; above: string; at: number }[] {
  const lines = readFileSync(INDEX, 'utf8').split('\n');
  return lines.flatMap((line, i) => (/^export\b/.test(line) ? [{ line, above: lines[i - 1] ?? '', at: i + 1 }] : []));
}

function exportedTypes(): string[] {
  return exportLines().flatMap(({ line }) => {
    const m = /^export type \{([^}]*)\}/.exec(line);
    return m
      ? m[1]
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean)
      : [];
  });
}

function usedOutside(): Set<string> {
  const used = new Set<string>();
  for (const [file, text] of outsideSources()) for (const n of namesUsed(text, file.endsWith('.ipynb'))) used.add(n);
  return used;
}

/** The type names the parameters and results of the exported functions and class constructors mention. */
function typesInSignatures(): Set<string> {
  const program = ts.createProgram([INDEX], { skipLibCheck: true, noResolve: false, types: [] });
  const checker = program.getTypeChecker();
  const names = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isTypeReferenceNode(n)) names.add(n.typeName.getText());
    ts.forEachChild(n, visit);
  };
  for (const s of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!)) {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    if (!(target.flags & ts.SymbolFlags.Value)) continue;
    for (const d of target.declarations ?? []) {
      const fns = ts.isClassDeclaration(d)
        ? d.members.filter(ts.isConstructorDeclaration)
        : ts.isFunctionDeclaration(d)
          ? [d]
          : [];
      for (const f of fns) {
        f.parameters.forEach(visit);
        if (f.type) visit(f.type);
      }
    }
  }
  return names;
}

test(`every value lib/src/index.ts exports (${VALUES}) is used outside lib/src`, () => {
  const used = usedOutside();
  const values = Object.keys(api);
  const unused = values.filter((n) => !used.has(n));
  assert.deepEqual(
    unused,
    [],
    `exported but used by nothing outside lib/src: ${unused.join(', ')}. Remove them from index.ts (keep the code if lib uses it).`,
  );
  assert.equal(
    values.length,
    VALUES,
    `index.ts exports ${values.length} values; the chosen count is ${VALUES}. Update VALUES here only with a reason.`,
  );
});

test(`index.ts exports ${TYPES} types, each used outside lib/src or named by an exported value's signature`, () => {
  const types = exportedTypes();
  assert.equal(new Set(types).size, types.length, 'a type is exported twice');
  assert.equal(
    types.length,
    TYPES,
    `index.ts exports ${types.length} types; the chosen count is ${TYPES}. Update TYPES here only with a reason.`,
  );
  const used = usedOutside();
  const named = typesInSignatures();
  const idle = types.filter((t) => !used.has(t) && !named.has(t));
  assert.deepEqual(
    idle,
    [],
    `exported types neither used outside lib/src nor in an exported signature: ${idle.join(', ')}`,
  );
});

test('every export line of index.ts has a one-line doc comment above it', () => {
  const lines = exportLines();
  assert.ok(lines.length > 100, `found ${lines.length} export lines`);
  const bare = lines.filter(({ above }) => !/^\s*\/\*\*\s.*\s\*\/\s*$/.test(above));
  assert.deepEqual(
    bare.map(({ line, at }) => `${at}: ${line}`),
    [],
    'export lines without a /** … */ line above',
  );
  const multi = lines.filter(({ line }) => /^export\s*(type\s*)?\{\s*$/.test(line));
  assert.deepEqual(
    multi.map(({ at }) => at),
    [],
    'one export per line: no multi-line export lists',
  );
});
