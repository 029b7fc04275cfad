// The static bundle of `cargo xtask docs`, served by a plain static file server as any host
// would serve it: Swagger UI loads without the stub and without the network, lists the four
// committed documents, and renders every operation of each, with the vendors' servers.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import {
  DOCS_DIR,
  ROOT,
  launchBrowser,
  loadDocuments,
  outputPath,
  renderedOperationIds,
  renderedServers,
  selectDocument,
  selectorEntries,
  serveStatic,
} from './support.mjs';

const documents = loadDocuments();

let site;
let browser;

before(async () => {
  if (!existsSync(join(DOCS_DIR, 'index.html'))) {
    throw new Error(`no bundle at ${DOCS_DIR}: run \`cargo xtask docs --out ${DOCS_DIR}\` or set DOCS_DIR`);
  }
  site = await serveStatic(DOCS_DIR);
  browser = await launchBrowser();
  await browser.page.goto(`${site.url}/`);
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test('the bundle holds the committed documents byte for byte', () => {
  for (const d of documents) {
    assert.ok(
      readFileSync(join(DOCS_DIR, d.file)).equals(readFileSync(join(ROOT, 'openapi', d.file))),
      `${d.file} in the bundle equals openapi/${d.file}`,
    );
  }
});

test('the selector lists the four documents', async () => {
  assert.equal(documents.length, 4, 'four documents in openapi/');
  const entries = await selectorEntries(browser.page);
  assert.deepEqual(
    entries.map((entry) => entry.value).sort(),
    documents.map((d) => `./${d.file}`).sort(),
  );
  for (const d of documents) {
    assert.equal(entries.find((entry) => entry.value === `./${d.file}`).label, d.title);
  }
});

for (const d of documents) {
  test(`${d.name}: every operation renders, with the vendor's servers`, async () => {
    const { page } = browser;
    await selectDocument(page, `./${d.file}`, d.title);
    assert.deepEqual(
      (await renderedOperationIds(page)).sort(),
      d.operations.map((op) => op.operationId).sort(),
    );
    // The published documents point at the vendors, not at a stub.
    assert.deepEqual(await renderedServers(page), d.servers);
    await page.screenshot({ path: outputPath(`docs-${d.name}.png`), fullPage: true });
  });
}

test('nothing was fetched from the network, and the page raised no error', async () => {
  assert.deepEqual(browser.offsite, []);
  assert.deepEqual(browser.errors, []);
  // Loopback pages never show the online validator's badge; published pages must not either.
  assert.equal(await browser.page.evaluate(() => window.ui.getConfigs().validatorUrl), 'none');
});
