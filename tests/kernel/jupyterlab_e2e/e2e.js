// End-to-end checks of the Klong kernel in a real JupyterLab, through its UI in headless
// Chromium (playwright-core, Debian's /usr/bin/chromium; never a downloaded browser).
// Usage: node e2e.js <port> <token> <notebook path in Lab> <screenshotDir>
// (run.sh starts JupyterLab on a copy of the notebook without outputs and without a kernel)
//
// Every check runs even when an earlier one failed; a failed check prints the state of the
// notebook and leaves a screenshot in $KLONG_JLAB_E2E_FAILURES. The last line is
// "N passed, N failed".
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const [port, token, notebook, shots] = process.argv.slice(2);
if (!port || !token || !notebook || !shots) {
  console.error('usage: node e2e.js <port> <token> <notebook> <screenshotDir>');
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });
const failures = process.env.KLONG_JLAB_E2E_FAILURES || path.join(shots, 'failures');
// JupyterLab's first load and the first run of every cell take long on a busy machine
const LONG = 180000;
let page;

// ---- helpers ---------------------------------------------------------------------------------

/** The notebook as the page shows it: each cell's kind, prompt, source and outputs. */
const cells = () => page.evaluate(() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell')]
  .map(cell => ({
    kind: cell.classList.contains('jp-CodeCell') ? 'code' : 'other',
    prompt: (cell.querySelector('.jp-InputPrompt') || {}).textContent || '',
    source: [...cell.querySelectorAll('.jp-InputArea-editor .cm-line')].map(l => l.textContent).join('\n'),
    outputs: [...cell.querySelectorAll('.jp-OutputArea-output')].map(o => ({
      mime: o.getAttribute('data-mime-type') || '',
      text: o.textContent.trim(),
      images: [...o.querySelectorAll('img')].map(i => ({ src: i.src.slice(0, 22), width: i.naturalWidth })),
    })),
  })).filter(c => c.kind === 'code'));

const statusBar = () => page.evaluate(() => document.querySelector('#jp-main-statusbar')?.textContent || '');

async function waitFor(what, fn, timeout = 30000, every = 250) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, every));
  }
}

async function cellWith(source) {
  const found = (await cells()).find(c => c.source === source);
  if (!found) throw new Error(`no cell with source ${JSON.stringify(source)}`);
  return found;
}

async function menu(top, item) {
  await page.locator('.lm-MenuBar-itemLabel', { hasText: new RegExp(`^${top}$`) }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: new RegExp(`^${item}$`) }).first().click();
}

async function shot(name) {
  const file = path.join(shots, name);
  await page.screenshot({ path: file });
  return file;
}

// ---- the checks --------------------------------------------------------------------------------

const results = [];

async function check(name, fn) {
  const t = Date.now();
  let error;
  try {
    await fn();
  } catch (e) {
    error = e;
    fs.mkdirSync(failures, { recursive: true });
    const file = path.join(failures, name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60) + '.png');
    await page.screenshot({ path: file }).catch(() => undefined);
    const state = await cells().catch(e2 => `(cannot read the notebook: ${e2.message})`);
    console.log(`---- the notebook when "${name}" failed (status bar: ${await statusBar().catch(() => '?')}):`);
    console.log(JSON.stringify(state, null, 1).slice(0, 6000));
    console.log(`---- screenshot: ${file}`);
  }
  const secs = ((Date.now() - t) / 1000).toFixed(1);
  results.push({ name, ok: !error });
  console.log(`${error ? 'FAIL' : 'PASS'}  ${name} (${secs}s)${error ? ': ' + error.message.split('\n')[0] : ''}`);
  return !error;
}

async function checks() {
  const opened = await check('open the notebook and choose the Klong (numpy) kernel', async () => {
    await page.goto(`http://127.0.0.1:${port}/lab/tree/${notebook}?reset&token=${token}`);
    const dialog = page.locator('.jp-Dialog', { hasText: 'Select Kernel' });
    await dialog.waitFor({ timeout: LONG });
    await dialog.locator('select').selectOption({ label: 'Klong (numpy)' });
    await dialog.locator('.jp-Dialog-button.jp-mod-accept').click();
    await waitFor('the kernel to be idle', async () => /Klong \(numpy\) \| Idle/.test(await statusBar()), LONG);
    // more room for the notebook: close the file browser
    await page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current').click();
  });
  if (!opened) return;      // every other check needs the notebook and its kernel

  await check('run all cells', async () => {
    const before = await cells();
    if (before.length < 10) throw new Error(`only ${before.length} code cells`);
    if (before.some(c => c.outputs.length)) throw new Error('the copy should have no outputs');
    await menu('Run', 'Run All Cells');
    await waitFor('every cell to have run', async () => {
      const now = await cells();
      return now.every(c => /^\[\d+\]:$/.test(c.prompt.trim())) && /Idle/.test(await statusBar());
    }, LONG, 500);
    const errors = (await cells()).filter(c => c.outputs.some(o => /stderr|error/.test(o.mime)));
    if (errors.length) throw new Error(`cells with errors: ${JSON.stringify(errors)}`);
  });

  await check('the gradient cell shows 6', async () => {
    const cell = await cellWith('f:>3');
    const [out] = cell.outputs;
    // numpy's gradient is numeric (central differences): 6 within 1e-6, e.g. 6.000000000838668
    if (!out || !/^6\.0*\d*$/.test(out.text) || Math.abs(Number(out.text) - 6) > 1e-6) {
      throw new Error(`f:>3 shows ${JSON.stringify(cell.outputs)}`);
    }
  });

  await check('the chart cell shows an image', async () => {
    const cell = await cellWith(']plot losses');
    const images = cell.outputs.flatMap(o => o.images);
    // PNG, or SVG where the kernel sends both (JupyterLab then prefers SVG)
    if (images.length !== 1 || !/^data:image\/(png|svg)/.test(images[0].src) || images[0].width < 100) {
      throw new Error(`]plot losses shows ${JSON.stringify(cell.outputs)}`);
    }
    // the screenshot: the training cell at the top, the chart under it
    await page.evaluate(() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell')]
      .find(c => c.querySelector('.cm-line')?.textContent.startsWith('X::[1 2 3]'))
      .scrollIntoView({ block: 'start' }));
    await page.waitForTimeout(500);
    await shot('jupyterlab-notebook.png');
  });

  await check('\\nabla then Tab gives ∇ in a new cell', async () => {
    const last = page.locator('.jp-Notebook .jp-Cell').last();
    await last.locator('.jp-InputPrompt').click();   // select the last cell (command mode)
    await page.keyboard.press('Escape');
    await page.keyboard.press('b');                  // a new cell below
    await page.keyboard.press('Enter');              // edit it
    const count = (await cells()).length;
    await page.keyboard.type('\\nabla');
    await waitFor('the typed text', async () => (await cells()).some(c => c.source === '\\nabla'));
    // JupyterLab 4 lists even a single candidate (as it does for Python's kernel): the first
    // Tab shows ∇ in the completer, the second puts it in
    await page.keyboard.press('Tab');
    const completer = page.locator('.jp-Completer');
    await completer.waitFor({ state: 'visible' });
    const offered = (await completer.locator('.jp-Completer-item .jp-Completer-match').allTextContents()).map(t => t.trim());
    if (offered.length !== 1 || offered[0] !== '∇') {
      throw new Error(`the completer offers ${JSON.stringify(offered)}`);
    }
    const panel = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const [box, cell] = [await panel.boundingBox(), await page.locator('.jp-Notebook .jp-Cell').last().boundingBox()];
    await page.screenshot({ path: path.join(shots, 'jupyterlab-completion.png'),
      clip: { x: box.x, y: Math.max(box.y, cell.y - 110), width: box.width, height: 230 } });
    await page.keyboard.press('Tab');
    await waitFor('∇ in the new cell', async () => {
      const now = await cells();
      return now.length === count && now[now.length - 1].source === '∇';
    }, 30000);
    await completer.waitFor({ state: 'hidden' });
  });
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1100, height: 840 } });
  page.setDefaultTimeout(30000);
  const t0 = Date.now();
  try {
    await checks();
  } finally {
    await browser.close().catch(() => undefined);
  }
  const failed = results.filter(r => !r.ok).length;
  console.log(`(${((Date.now() - t0) / 1000).toFixed(1)}s in the browser)`);
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})().catch(e => {
  console.log(`FAIL  ${e.message}`);
  process.exit(1);
});
