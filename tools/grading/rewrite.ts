/**
 * The graded notebook's cells that make its tests unforgeable (the guard itself: ./guard.js).
 *
 * Given the restored cells (solution order, the student's answers and extra cells in place):
 *   prelude      a first code cell, before ANY student cell: installs the guard (SES lockdown, frozen
 *                library surfaces, tracers on the functions the answers must write);
 *   locked cell  kept, then followed by a capture cell that hands the guard the values of the
 *                variables it declared (`const SEED = 42`, fixtures), read right after it ran;
 *   test cell    rewritten to
 *                  await async function () { type G0 = typeof tf; …
 *                    return guard.test(id, (b) => (async (tf: G0, gm: …, assert, SEED, Math, …) => {
 *                      "use strict";
 *                      function assertClose(…) {…}   // the locked cells' helpers, re-declared here
 *                      { the test as written }
 *                    })(b.tf, …)); }();   (`await (` would parse as a call of `await`)
 *                so every name the test and its helpers use, apart from the answers, is a parameter
 *                bound to the guard's pristine value: a student cell that redeclares `tf` or
 *                `assertClose` changes the kernel's table (`exports.tf`), which the test never reads;
 *   student cell kept, unless it declares `globalThis` at top level (the one free name the
 *                rewritten tests read): then it is replaced by a cell that says why it did not run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { sourceOf, toLines, type Cell } from '../nbgrader';

/** The guard's globals, bound as parameters of every test: guard.js's own list, so the two cannot drift. */
const { GLOBALS } = require('./guard.js') as { GLOBALS: readonly string[] };
const RESERVED = new Set(['globalThis']);
const GUARD = '(globalThis as any).__genmodelsGuard';

interface Import {
  name: string;
  spec: string;
  kind: 'namespace' | 'default' | 'named';
  imported: string;
}

/** What a cell declares at top level. */
export interface TopLevel {
  imports: Import[];
  /** variables whose values the guard captures */
  values: string[];
  /** functions, classes and function-valued consts, as source text to re-declare inside a test */
  decls: string[];
  /** every declared name */
  names: string[];
}

const isFunctionValued = (d: ts.VariableDeclaration): boolean => {
  let init = d.initializer;
  while (init && (ts.isParenthesizedExpression(init) || ts.isAsExpression(init))) init = init.expression;
  return !!init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init));
};

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

export function topLevel(src: string): TopLevel {
  const file = ts.createSourceFile('cell.ts', src, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: TopLevel = { imports: [], values: [], decls: [], names: [] };
  for (const s of file.statements) {
    if (
      ts.isImportDeclaration(s) &&
      ts.isStringLiteral(s.moduleSpecifier) &&
      s.importClause &&
      !s.importClause.isTypeOnly
    ) {
      const spec = s.moduleSpecifier.text;
      const clause = s.importClause;
      if (clause.name) out.imports.push({ name: clause.name.text, spec, kind: 'default', imported: 'default' });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb))
        out.imports.push({ name: nb.name.text, spec, kind: 'namespace', imported: '*' });
      if (nb && ts.isNamedImports(nb)) {
        for (const e of nb.elements)
          if (!e.isTypeOnly)
            out.imports.push({ name: e.name.text, spec, kind: 'named', imported: (e.propertyName ?? e.name).text });
      }
    } else if (ts.isVariableStatement(s)) {
      const decls = s.declarationList.declarations;
      if (decls.every(isFunctionValued)) out.decls.push(s.getText(file));
      else out.values.push(...decls.flatMap((d) => bindingNames(d.name)));
      out.names.push(...decls.flatMap((d) => bindingNames(d.name)));
    } else if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name) {
      if (ts.isClassDeclaration(s) || s.body !== undefined) out.decls.push(s.getText(file));
      out.names.push(s.name.text);
    } else if ((ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s)) && ts.isIdentifier(s.name)) {
      out.values.push(s.name.text);
      out.names.push(s.name.text);
    } else if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) {
      out.names.push(s.name.text);
    }
  }
  out.imports.forEach((i) => out.names.push(i.name));
  return out;
}

/** The guard's source, to be evaluated by the prelude (so no file of the checkout has to be visible to the kernel). */
function guardSource(): string {
  return `(function (module) {\n${readFileSync(join(__dirname, 'guard.js'), 'utf8')}\nreturn module.exports;\n})({ exports: {} })`;
}

export interface GuardConfig {
  sequence: { kind: 'capture' | 'test'; id: string }[];
  answers: string[];
  imports: string[];
}

const code = (source: string, meta: Record<string, unknown> = {}): Cell => ({
  cell_type: 'code',
  metadata: { genmodels_grader: meta },
  source: toLines(source),
  outputs: [],
  execution_count: null,
});

function preludeCell(config: GuardConfig): Cell {
  return code(`await globalThis.eval(${JSON.stringify(guardSource())})(require, ${JSON.stringify(config)});`, {
    role: 'prelude',
  });
}

function importExpr(i: Import): string {
  const mod = `__b[${JSON.stringify(`module:${i.spec}`)}]`;
  if (i.kind === 'namespace') return mod;
  if (i.kind === 'default') return `((m: any) => (m && m.__esModule ? m.default : m))(${mod})`;
  return `${mod}[${JSON.stringify(i.imported)}]`;
}

/** A test cell's source with every locked binding and global shadowed by the guard's pristine value. */
export function guardedTest(id: string, src: string, locked: TopLevel): string {
  // a later locked cell's binding replaces an earlier one of the same name, as in the kernel
  const bound = new Map<string, string>();
  const bind = (name: string, expr: string): void => {
    bound.delete(name);
    bound.set(name, expr);
  };
  locked.imports.forEach((i) => bind(i.name, importExpr(i)));
  locked.values.forEach((v) => bind(v, `__b[${JSON.stringify(v)}]`));
  GLOBALS.filter((g) => !bound.has(g)).forEach((g) => bind(g, `__b[${JSON.stringify(g)}]`));
  const params = [...bound].map(([name, expr]) => ({ name, expr }));
  const types = params.map((p, k) => `type __G${k} = typeof ${p.name};`).join(' ');
  const list = params.map((p, k) => `${p.name}: __G${k}`).join(', ');
  const args = params.map((p) => p.expr).join(', ');
  return [
    `await async function () { ${types}`,
    `return (${GUARD} ?? (() => { throw new Error('the grading guard did not install (the prelude cell failed), so no test can be trusted'); })())`,
    `.test(${JSON.stringify(id)}, (__b: any) => (async (${list}) => {`,
    '"use strict";',
    ...locked.decls,
    src,
    `})(${args})); }();`,
  ].join('\n');
}

export interface Guarded {
  cells: Cell[];
  /** sentences for the feedback about student cells that were not run */
  notes: string[];
}

/**
 * Insert the prelude and capture cells and rewrite the test cells of restored `cells`.
 * `answers`: the names the solution's answer cells declare.
 */
export function guardNotebook(cells: Cell[], answers: string[]): Guarded {
  const notes: string[] = [];
  const locked: TopLevel = { imports: [], values: [], decls: [], names: [] };
  const sequence: GuardConfig['sequence'] = [];
  const out: Cell[] = [];
  cells.forEach((cell, i) => {
    const meta = cell.metadata?.nbgrader;
    if (cell.cell_type !== 'code') return out.push(cell);
    const src = sourceOf(cell);
    if (meta?.grade && !meta.solution) {
      sequence.push({ kind: 'test', id: meta.grade_id });
      return out.push({ ...cell, source: toLines(guardedTest(meta.grade_id, src, locked)) });
    }
    if (meta && !meta.solution) {
      const top = topLevel(src);
      locked.imports.push(...top.imports);
      locked.values.push(...top.values);
      locked.decls.push(...top.decls);
      sequence.push({ kind: 'capture', id: meta.grade_id });
      out.push(
        cell,
        code(`${GUARD}.capture(${JSON.stringify(meta.grade_id)}, ${JSON.stringify(top.values)});`, { role: 'capture' }),
      );
      return;
    }
    const reserved = topLevel(src).names.filter((n) => RESERVED.has(n));
    if (reserved.length === 0) return out.push(cell);
    const what = meta ? `answer cell ${meta.grade_id}` : `your code cell ${i}`;
    notes.push(`${what} was not run: it declares ${reserved.join(', ')}, which the grader reserves`);
    out.push({
      ...cell,
      source: toLines(
        `throw new Error(${JSON.stringify(`not run: this cell declares ${reserved.join(', ')}, which the grader reserves`)});`,
      ),
    });
  });
  const config: GuardConfig = { sequence, answers, imports: [...new Set(locked.imports.map((i) => i.spec))] };
  return { cells: [preludeCell(config), ...out], notes };
}
