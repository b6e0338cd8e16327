/**
 * nbgrader-compatible notebooks: the cell metadata (schema 3) and the solution → exercise transform.
 *
 * A cell's role is its `metadata.nbgrader`:
 *   answer     { solution: true,  grade: false, locked: false }   the student edits it
 *   test       { solution: false, grade: true,  locked: true, points }   autograded
 *   read-only  { solution: false, grade: false, locked: true }   restored before grading
 * In an answer cell, each `// BEGIN SOLUTION` … `// END SOLUTION` region becomes
 * `throw new Error('Not implemented');` at the region's indentation (so a region that is a
 * function body keeps the signature and still type-checks). In a test cell, `// BEGIN HIDDEN
 * TESTS` … `// END HIDDEN TESTS` is removed. Outputs and execution counts are cleared.
 */
import { readFileSync } from 'node:fs';

export interface NbgraderMeta {
  grade: boolean;
  solution: boolean;
  locked: boolean;
  grade_id: string;
  points?: number;
  schema_version: 3;
}

export interface Cell {
  cell_type: 'code' | 'markdown' | 'raw';
  id?: string;
  metadata: { nbgrader?: NbgraderMeta; [key: string]: unknown };
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
}

export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

export class NotebookFormatError extends Error {
  override name = 'NotebookFormatError';
}

const BEGIN_SOLUTION = '// BEGIN SOLUTION';
const END_SOLUTION = '// END SOLUTION';
const BEGIN_HIDDEN = '// BEGIN HIDDEN TESTS';
const END_HIDDEN = '// END HIDDEN TESTS';
export const STUB = "throw new Error('Not implemented');";

export function sourceOf(cell: Cell): string {
  return Array.isArray(cell.source) ? cell.source.join('') : cell.source;
}

/** nbformat's on-disk form: a list of lines, each keeping its '\n'. */
export function toLines(text: string): string[] {
  return text.split(/(?<=\n)/).filter((l) => l !== '');
}

/** Parse notebook JSON; say which file and what is wrong when it is not a notebook. */
export function parseNotebook(text: string, file: string): Notebook {
  let nb: unknown;
  try {
    nb = JSON.parse(text);
  } catch (err) {
    throw new NotebookFormatError(`${file} is not valid JSON (${(err as Error).message}). Re-save it from Jupyter.`);
  }
  const cells = (nb as Notebook | null)?.cells;
  if (!Array.isArray(cells) || cells.some((c) => typeof c !== 'object' || c === null || !('source' in c))) {
    throw new NotebookFormatError(`${file} is JSON but not a notebook (expected "cells": [{ "source": … }, …]).`);
  }
  return nb as Notebook;
}

export function readNotebook(file: string): Notebook {
  return parseNotebook(readFileSync(file, 'utf8'), file);
}

/** nbformat's own serialisation: one-space indent, sorted keys, trailing newline. */
export function serializeNotebook(nb: Notebook): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sortKeys(nb), null, 1) + '\n';
}

/** Replace each marked region (markers included) by `replace(indent)`; unbalanced markers are an error. */
function replaceRegions(
  text: string,
  begin: string,
  end: string,
  replace: (indent: string) => string[],
  where: string,
): string {
  const out: string[] = [];
  let indent: string | null = null;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === begin) {
      if (indent !== null) throw new NotebookFormatError(`${where}: "${begin}" inside another region.`);
      indent = line.slice(0, line.length - line.trimStart().length);
    } else if (trimmed === end) {
      if (indent === null) throw new NotebookFormatError(`${where}: "${end}" without "${begin}".`);
      out.push(...replace(indent));
      indent = null;
    } else if (indent === null) {
      out.push(line);
    }
  }
  if (indent !== null) throw new NotebookFormatError(`${where}: "${begin}" is never closed by "${end}".`);
  return out.join('\n');
}

export function stubSolutions(text: string, where = 'cell'): string {
  return replaceRegions(text, BEGIN_SOLUTION, END_SOLUTION, (i) => [`${i}// YOUR CODE HERE`, `${i}${STUB}`], where);
}

export function stripHiddenTests(text: string, where = 'cell'): string {
  return replaceRegions(text, BEGIN_HIDDEN, END_HIDDEN, () => [], where).replace(/\n+$/, '');
}

/** Check the nbgrader metadata of a solution notebook; returns its graded cells' ids and points. */
export function checkMetadata(nb: Notebook, file: string): Map<string, number> {
  const seen = new Set<string>();
  const points = new Map<string, number>();
  nb.cells.forEach((cell, i) => {
    const meta = cell.metadata?.nbgrader;
    if (!meta) return;
    const where = `${file}, cell ${i}`;
    if (meta.schema_version !== 3)
      throw new NotebookFormatError(`${where}: nbgrader schema_version must be 3, found ${meta.schema_version}.`);
    if (!meta.grade_id || seen.has(meta.grade_id))
      throw new NotebookFormatError(`${where}: grade_id "${meta.grade_id}" is missing or repeated.`);
    seen.add(meta.grade_id);
    if (meta.grade && !(typeof meta.points === 'number' && meta.points > 0))
      throw new NotebookFormatError(`${where}: a graded cell needs points > 0.`);
    if (meta.grade && !meta.solution) points.set(meta.grade_id, meta.points as number);
    const src = sourceOf(cell);
    if (meta.solution && !src.includes(BEGIN_SOLUTION))
      throw new NotebookFormatError(`${where}: an answer cell needs a "${BEGIN_SOLUTION}" region.`);
    if (!meta.solution && src.includes(BEGIN_SOLUTION))
      throw new NotebookFormatError(`${where}: "${BEGIN_SOLUTION}" in a cell not marked solution.`);
  });
  return points;
}

/** The student's version of one cell. */
export function exerciseCell(cell: Cell, where: string): Cell {
  const meta = cell.metadata?.nbgrader;
  let src = sourceOf(cell);
  if (meta?.solution) src = stubSolutions(src, where);
  if (meta?.grade && !meta.solution) src = stripHiddenTests(src, where);
  const metadata = meta ? { ...cell.metadata, nbgrader: { ...meta, locked: !meta.solution } } : cell.metadata;
  const out: Cell = { ...cell, metadata, source: toLines(src) };
  if (cell.cell_type === 'code') Object.assign(out, { outputs: [], execution_count: null });
  return out;
}

/** The student's notebook: stubs for solutions, no hidden tests, no outputs, locks set. */
export function toExercise(nb: Notebook, file: string): Notebook {
  checkMetadata(nb, file);
  return { ...nb, cells: nb.cells.map((c, i) => exerciseCell(c, `${file}, cell ${i}`)) };
}
