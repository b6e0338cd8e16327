/**
 * End to end in a real browser: Jupyter Notebook (Debian's, under the Python that has Jupyter)
 * on 127.0.0.1 with the genmodels kernel, headless Chromium driven by playwright-core. The page
 * runs every cell of the notebook from its Cell menu, and the test checks that the chart was
 * rendered (the SVG from the chart's bundle, or a Vega canvas where a Vega-Lite renderer exists)
 * and that no cell failed. A screenshot is saved to test-artifacts/.
 *
 * The notebook is a copy (so the server's autosave cannot touch the original), placed inside the
 * repository so the kernel resolves `genmodels` from the repository's node_modules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium } from 'playwright-core';
import { findPython } from '../tools/jupyter';
import { freePort } from './helpers';
import { NO_JUPYTER, root, tempJupyterPath } from './kernel-support';

const CHROMIUM = '/usr/bin/chromium';
const python = findPython(['notebook']);
const SETUP = join(root, 'notebooks/00-setup.ipynb');
const source = existsSync(SETUP) ? SETUP : join(__dirname, 'fixtures/chart.ipynb');
const artifacts = join(root, 'test-artifacts');
const skip = !python ? NO_JUPYTER : !existsSync(CHROMIUM) ? `needs ${CHROMIUM} (apt-get install chromium)` : false;

/** The classic Notebook page's global, as far as the checks below read it (in the browser). */
interface NotebookPage {
  Jupyter?: {
    notebook?: {
      kernel?: { info_reply?: { implementation?: string } };
      get_cells(): { cell_type: string; input_prompt_number?: number | string | null }[];
    };
  };
}

async function startNotebook(port: number, token: string): Promise<ChildProcess> {
  const home = mkdtempSync(join(tmpdir(), 'genmodels-nbserver-'));
  const server = spawn(
    python!,
    [
      '-m',
      'notebook',
      '--no-browser',
      '--ip=127.0.0.1',
      `--port=${port}`,
      `--notebook-dir=${root}`,
      ...(process.getuid?.() === 0 ? ['--allow-root'] : []),
    ],
    {
      env: {
        ...process.env,
        JUPYTER_TOKEN: token,
        JUPYTER_PATH: tempJupyterPath(),
        JUPYTER_CONFIG_DIR: join(home, 'config'),
        JUPYTER_RUNTIME_DIR: join(home, 'runtime'),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let log = '';
  server.stderr!.on('data', (d) => (log += d));
  for (let i = 0; i < 100; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/api/status?token=${token}`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return server;
    if (server.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  server.kill();
  throw new Error(`Jupyter Notebook did not start:\n${log}`);
}

test('Notebook + Chromium: running all cells renders the chart', { skip, timeout: 120_000 }, async () => {
  const dir = join(artifacts, 'browser');
  mkdirSync(dir, { recursive: true });
  const notebook = join(dir, 'notebook.ipynb');
  copyFileSync(source, notebook);
  const token = randomBytes(16).toString('hex');
  const port = await freePort();
  const server = await startNotebook(port, token);
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'genmodels-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1200, height: 1000 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${port}/notebooks/${relative(root, notebook)}?token=${token}`);
    await page.waitForFunction(
      () => (globalThis as NotebookPage).Jupyter?.notebook?.kernel?.info_reply?.implementation === 'genmodels',
      null,
      { timeout: 60_000 },
    );
    await page.click('#celllink');
    await page.click('#run_all_cells');
    await page.waitForFunction(
      () =>
        (globalThis as NotebookPage)
          .Jupyter!.notebook!.get_cells()
          .every((c) => c.cell_type !== 'code' || (c.input_prompt_number !== '*' && c.input_prompt_number != null)),
      null,
      { timeout: 90_000 },
    );
    const chart = page.locator('.output_svg svg, .output_area canvas.marks, .vega-embed svg').first();
    await chart.waitFor({ state: 'visible', timeout: 10_000 });
    await chart.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'kernel-browser.png'), fullPage: true });
    const box = await chart.boundingBox();
    assert.ok(
      box && box.width > 100 && box.height > 100,
      `the chart is drawn at a visible size (${JSON.stringify(box)})`,
    );
    assert.equal(await page.locator('.output_svg').count(), 1, 'the chart is one output, not one per MIME type');
    const errors = await page.locator('.output_error').allInnerTexts();
    assert.deepEqual(errors, [], 'no cell failed');
  } finally {
    await context.close();
    server.kill('SIGTERM');
  }
});
