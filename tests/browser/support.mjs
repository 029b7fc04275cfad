// Shared helpers of the browser tests: the committed documents and what they promise, the stub
// process, a plain static file server, headless Chromium, and the Swagger UI page itself.

import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A path from the environment, or its default; relative paths are taken from the repository root. */
function configuredPath(variable, fallback) {
  const value = process.env[variable] || fallback;
  return isAbsolute(value) ? value : join(ROOT, value);
}

export const STUB_BIN = configuredPath('STUB_SERVER_BIN', 'target/release/stub-server');
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const DOCS_DIR = configuredPath('DOCS_DIR', 'target/docs');
export const OUT_DIR = configuredPath('BROWSER_OUT_DIR', 'target/browser');
/** The screenshot README.md shows; rewritten only when UPDATE_SCREENSHOT=1. */
export const README_SCREENSHOT = join(ROOT, 'docs', 'swagger-ui.png');

// Chromium runs as root here, without a display or GPU, and must not reach out to Google.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const STUB_START_TIMEOUT_MS = 30_000;
const STUB_STOP_GRACE_MS = 10_000;
/** Every wait on the page; Swagger UI renders a document in well under a second here. */
export const PAGE_TIMEOUT_MS = 15_000;

// ---------------------------------------------------------------------------------------------
// The documents: everything the tests expect to see is read from them.

/** Follows a local `$ref` (`#/components/...`) until it reaches a value. */
export function deref(document, value) {
  let current = value;
  for (let hops = 0; current && typeof current.$ref === 'string'; hops += 1) {
    if (hops > 20) throw new Error(`$ref cycle at ${value.$ref}`);
    current = current.$ref
      .replace(/^#\//, '')
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((node, key) => node?.[key], document);
  }
  return current;
}

/** The schema of a parameter with its `$ref` resolved and its own keywords kept on top. */
function parameterSchema(document, schema) {
  if (!schema) return {};
  const { $ref, ...own } = schema;
  return $ref ? { ...parameterSchema(document, deref(document, { $ref })), ...own } : schema;
}

/** The published documents (openapi/*.json holding `paths`), each with its operations. */
export function loadDocuments() {
  const folder = join(ROOT, 'openapi');
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, document: JSON.parse(readFileSync(join(folder, file), 'utf8')) }))
    .filter(({ document }) => document.openapi && document.paths)
    .map(({ file, document }) => ({
      name: file.replace(/\.json$/, ''),
      file,
      title: document.info.title,
      document,
      servers: (document.servers ?? []).map((server) => server.url),
      securitySchemes: document.components?.securitySchemes ?? {},
      operations: operationsOf(document),
    }));
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function operationsOf(document) {
  const operations = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])]
        .map((parameter) => deref(document, parameter))
        .map((parameter) => ({ ...parameter, schema: parameterSchema(document, parameter.schema) }));
      operations.push({
        operationId: operation.operationId,
        method,
        path,
        parameters,
        responses: Object.keys(operation.responses ?? {}),
        requestBody: operation.requestBody ? deref(document, operation.requestBody) : undefined,
        security: operation.security ?? document.security ?? [],
      });
    }
  }
  return operations;
}

// ---------------------------------------------------------------------------------------------
// Processes and servers.

/** The dataset the stub serves by default, from `--dump-fixtures`. */
export async function dumpFixtures() {
  const { stdout } = await promisify(execFile)(STUB_BIN, ['--dump-fixtures'], {
    timeout: STUB_START_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout);
}

/**
 * Starts the stub on a free loopback port and resolves once it has printed its address.
 * `stop()` sends SIGTERM (SIGKILL after a grace period) and resolves when it has exited.
 */
export async function startStub() {
  if (!existsSync(STUB_BIN)) {
    throw new Error(`no stub binary at ${STUB_BIN}: run \`cargo build --release -p stub-server\` or set STUB_SERVER_BIN`);
  }
  const child = spawn(STUB_BIN, ['--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  // Keep reading the log, so that the stub never blocks on a full pipe; keep only its tail.
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const url = await new Promise((done, fail) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error(`the stub did not announce its address within ${STUB_START_TIMEOUT_MS} ms\n${stderr}`)), STUB_START_TIMEOUT_MS);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      if (stdout === null) return;
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      const match = /^stub-server listening on (http:\/\/127\.0\.0\.1:\d+)\/?\s*$/.exec(stdout.slice(0, newline));
      clearTimeout(timer);
      stdout = null;
      if (match) done(match[1]);
      else fail(new Error(`unexpected first line from the stub: ${JSON.stringify(stdout)}`));
    });
    child.once('error', (error) => { clearTimeout(timer); fail(error); });
    exited.then(({ code, signal }) => { clearTimeout(timer); fail(new Error(`the stub exited (${code ?? signal}) before listening\n${stderr}`)); });
  }).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    url,
    log: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STUB_STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.map': 'application/json',
};

/**
 * A plain static file server for `folder` on a free loopback port: GET and HEAD of files,
 * `index.html` for the root, 404 for anything else. It knows nothing about Swagger UI or the
 * documents, as any static host would.
 */
export async function serveStatic(folder) {
  const root = resolve(folder);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    const inside = file === root || file.startsWith(root + sep);
    if (!['GET', 'HEAD'].includes(request.method) || !inside || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const body = readFileSync(file);
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  await new Promise((done, fail) => server.listen(0, '127.0.0.1', done).once('error', fail));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }),
  };
}

// ---------------------------------------------------------------------------------------------
// The browser.

/**
 * Headless Chromium with a fresh profile. Every request that would leave the loopback
 * interface is refused and recorded in `offsite`: the page must need nothing from the network.
 */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM_BIN)) {
    throw new Error(`no Chromium at ${CHROMIUM_BIN}: run tests/browser/install-chromium.sh (apt-get install -y chromium) or set CHROMIUM_BIN`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'browser-test-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_BIN,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
  });
  const offsite = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (['127.0.0.1', 'localhost'].includes(url.hostname) || url.protocol === 'data:') return route.continue();
    offsite.push(url.href);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  return {
    context,
    page,
    offsite,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function outputPath(file) {
  mkdirSync(OUT_DIR, { recursive: true });
  return join(OUT_DIR, file);
}

// ---------------------------------------------------------------------------------------------
// Swagger UI.

/** The definitions Swagger UI's top bar offers: `[{ value (URL), label }]`. */
export async function selectorEntries(page) {
  await page.locator('.topbar select').waitFor();
  return page.locator('.topbar select option').evaluateAll((options) =>
    options.map((option) => ({ value: option.value, label: option.textContent.trim() })));
}

/** Picks a definition in the top bar and waits until its title and operations are shown. */
export async function selectDocument(page, url, title) {
  const select = page.locator('.topbar select');
  if ((await select.inputValue()) !== url) await select.selectOption(url);
  await page.locator('.information-container .title', { hasText: title }).waitFor();
  await page.locator('.opblock').first().waitFor();
}

/** Every operationId the page shows, in order. */
export async function renderedOperationIds(page) {
  return page.locator('.opblock .opblock-summary-operation-id').allTextContents();
}

/** The servers Swagger UI offers, as URLs. */
export async function renderedServers(page) {
  // The first select lists the servers; the ones after it hold a chosen server's variables.
  return page.locator('.servers select').first().locator('option')
    .evaluateAll((options) => options.map((option) => option.value));
}

/** The block of one operation. */
export function operationBlock(page, operationId) {
  return page.locator('.opblock').filter({
    has: page.locator('.opblock-summary-operation-id').getByText(operationId, { exact: true }),
  });
}

/** Opens an operation's block (it stays open when it already is). */
export async function expand(block) {
  if (!(await block.evaluate((element) => element.classList.contains('is-open')))) {
    await block.locator('.opblock-summary-control').click();
  }
  // The response table is the last part of an operation's body to render.
  await block.locator('.opblock-body .responses-wrapper .responses-table').first().waitFor();
}

/** The row of one parameter in an operation's parameter table. */
export function parameterRow(block, parameter) {
  return block.locator(`tr[data-param-name="${parameter.name}"][data-param-in="${parameter.in}"]`);
}

/** Opens the Authorize dialog, returns each listed scheme's text, fills `values` and closes it. */
export async function authorize(page, values) {
  await page.locator('.auth-wrapper > button.btn.authorize').click();
  const dialog = page.locator('.dialog-ux .modal-ux');
  await dialog.waitFor();
  const containers = dialog.locator('.auth-container');
  const listed = {};
  for (const container of await containers.all()) {
    const scheme = (await container.locator('h4 code').first().textContent()).trim();
    listed[scheme] = await container.innerText();
  }
  for (const [scheme, value] of Object.entries(values)) {
    const container = containers.filter({ has: page.locator('h4 code').getByText(scheme, { exact: true }) });
    await container.locator('input').fill(value);
    await container.locator('button.authorize').click();
    // Once applied, the scheme says so and offers a Logout button instead of Authorize.
    await container.locator('h6', { hasText: 'Authorized' }).waitFor();
    await container.getByRole('button', { name: 'Remove authorization' }).waitFor();
  }
  await dialog.locator('button.close-modal').click();
  await dialog.waitFor({ state: 'detached' });
  return listed;
}

/** Switches an operation to "Try it out" and fills its form. */
export async function fillForm(block, { parameters = {}, body } = {}) {
  const cancel = block.locator('button.try-out__btn.cancel');
  if (!(await cancel.isVisible())) await block.locator('button.try-out__btn').click();
  for (const [key, value] of Object.entries(parameters)) {
    const [location, name] = key.split(':');
    const row = block.locator(`tr[data-param-name="${name}"][data-param-in="${location}"]`);
    const select = row.locator('select');
    if (await select.count()) await select.selectOption(String(value));
    else await row.locator('input[type=text]').fill(String(value));
  }
  if (body !== undefined) await block.locator('.body-param textarea').fill(JSON.stringify(body, null, 2));
}

/**
 * Clicks Execute and reads what the page shows: the status code and the response body from
 * "Server response". Also returns the request the browser sent, so that tests can see which
 * headers "Try it out" put on the wire.
 */
export async function execute(page, block, origin) {
  const clear = block.locator('button.btn-clear');
  if (await clear.isVisible()) {
    await clear.click();
    await block.locator('.live-responses-table').waitFor({ state: 'detached' });
  }
  const sent = page.waitForRequest((request) => request.url().startsWith(origin) && !/\/(swagger-ui|api-docs)\//.test(new URL(request.url()).pathname));
  await block.locator('button.execute').click();
  const request = await sent;
  const row = block.locator('.live-responses-table tbody tr.response').first();
  await row.waitFor();
  const status = Number((await row.locator('.response-col_status').innerText()).trim());
  const text = await row.locator('.response-col_description .highlight-code code').first().innerText();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`the page shows a response body that is not JSON (status ${status}): ${text.slice(0, 500)}`);
  }
  return { status, body, request: { url: request.url(), method: request.method(), headers: await request.allHeaders() } };
}

/** Clicks Execute where the page must refuse to send; returns the validation errors it shows. */
export async function executeRefused(page, block, origin) {
  const sent = [];
  const listener = (request) => {
    if (request.url().startsWith(origin) && !/\/(swagger-ui|api-docs)\//.test(new URL(request.url()).pathname)) sent.push(request.url());
  };
  page.on('request', listener);
  try {
    await block.locator('button.execute').click();
    const errors = block.locator('.validation-errors');
    await errors.waitFor();
    // Give a request that should not happen the time to show up.
    await page.waitForTimeout(300);
    return { errors: await errors.innerText(), sent };
  } finally {
    page.off('request', listener);
  }
}
