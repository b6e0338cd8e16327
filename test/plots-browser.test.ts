/**
 * Real-browser test of the chart specs: every gallery chart is embedded with vega-embed in a page
 * served on 127.0.0.1 and opened in headless Chromium (Debian's `chromium`, driven by
 * playwright-core). Asserts no console errors, a non-empty view per chart, and that the latent
 * scatter's legend click and wheel zoom work. Screenshots go to test-artifacts/browser/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gallery } from './helpers/gallery';

const CHROMIUM = '/usr/bin/chromium';
const root = join(__dirname, '..');
const artifacts = join(root, 'test-artifacts/browser');

/** A browser build from node_modules (not in the packages' `exports`, so read by path). */
const build = (path: string) => readFileSync(join(root, 'node_modules', path), 'utf8');

/** Serve the page, the specs and the browser builds of vega, vega-lite and vega-embed. */
function serve(specs: string): Promise<Server> {
  const files: Record<string, [string, string]> = {
    '/': ['text/html', readFileSync(join(__dirname, 'fixtures/plots/page.html'), 'utf8')],
    '/specs.json': ['application/json', specs],
    '/favicon.ico': ['image/x-icon', ''], // browsers ask for it; a 404 would be a console error
    '/vega.js': ['text/javascript', build('vega/build/vega.min.js')],
    '/vega-lite.js': ['text/javascript', build('vega-lite/build/vega-lite.min.js')],
    '/vega-embed.js': ['text/javascript', build('vega-embed/build/vega-embed.min.js')],
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    res.writeHead(file ? 200 : 404, { 'content-type': file ? file[0] : 'text/plain' });
    res.end(file ? file[1] : 'not found');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test(
  'every chart renders in headless Chromium with vega-embed, without console errors',
  {
    skip: existsSync(CHROMIUM)
      ? false
      : `${CHROMIUM} is absent: install Debian's chromium package (apt-get install chromium) to run the browser test`,
    timeout: 120_000,
  },
  async () => {
    const { chromium } = await import('playwright-core');
    const charts = gallery();
    const server = await serve(JSON.stringify(Object.fromEntries(Object.entries(charts).map(([k, c]) => [k, c.spec]))));
    const profile = mkdtempSync(join(tmpdir(), 'genmodels-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 900 },
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
      const page = await browser.newPage();
      const errors: string[] = [];
      const warnings: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
        else if (m.type() === 'warning') warnings.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
      page.on('response', (r) => {
        if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
      });
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const results = await page.evaluate(
        () =>
          (
            globalThis as unknown as {
              results: Promise<Record<string, { ok: boolean; items?: number; error?: string }>>;
            }
          ).results,
      );
      mkdirSync(artifacts, { recursive: true });
      for (const name of Object.keys(charts)) {
        assert.ok(results[name]?.ok, `${name}: ${results[name]?.error}`);
        assert.ok((results[name].items ?? 0) > 0, `${name} drew nothing`);
        const box = await page.locator(`#${name} svg`).first().boundingBox();
        assert.ok(box && box.width > 100 && box.height > 50, `${name} view is ${box?.width}×${box?.height}`);
        await page.locator(`#${name}`).screenshot({ path: join(artifacts, `${name}.png`) });
      }
      await checkScatterInteraction(page);
      assert.deepEqual(errors, [], 'no console errors');
      console.log(
        `rendered ${Object.keys(charts).length} charts in Chromium (${warnings.length} console warnings${warnings.length ? `: ${[...new Set(warnings)].join(' | ')}` : ''}); screenshots in ${artifacts}`,
      );
    } finally {
      await browser.close();
      server.close();
      rmSync(profile, { recursive: true, force: true });
    }
  },
);

type Page = import('playwright-core').Page;

/** Click the first legend entry: only that class stays opaque. Scroll over the plot: the x domain shrinks. */
async function checkScatterInteraction(page: Page): Promise<void> {
  const opacities = () =>
    page.evaluate(() => (globalThis as unknown as { opacities(name: string): number[] }).opacities('latentScatter'));
  assert.ok(
    (await opacities()).every((o) => o > 0.5),
    'all classes opaque before the click',
  );
  await page.locator('#latentScatter .role-legend-symbol path').first().click();
  await page.waitForTimeout(200);
  const after = await opacities();
  assert.equal(after.filter((o) => o > 0.5).length, 100, 'the 100 points of the clicked class stay opaque');
  assert.equal(after.filter((o) => o < 0.1).length, 900, 'the other 900 fade');

  const domain = () =>
    page.evaluate(() =>
      (
        globalThis as unknown as { views: Record<string, { scale(n: string): { domain(): number[] } }> }
      ).views.latentScatter
        .scale('x')
        .domain(),
    );
  const [lo, hi] = await domain();
  const plot = (await page.locator('#latentScatter .background').first().boundingBox())!;
  await page.mouse.move(plot.x + plot.width / 2, plot.y + plot.height / 2);
  await page.mouse.wheel(0, -300);
  await page.waitForTimeout(200);
  const [lo2, hi2] = await domain();
  assert.ok(hi2 - lo2 < hi - lo, `wheel zooms in: [${lo}, ${hi}] → [${lo2}, ${hi2}]`);
}
