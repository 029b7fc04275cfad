// Swagger UI as the stub serves it, driven in headless Chromium: every document in the
// selector, every operation rendered with its parameters, constraints, enums, responses and
// security schemes, the Authorize dialog, and one valid and one invalid request per document
// through "Try it out", read back from the page.

import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, test } from 'node:test';

import {
  README_SCREENSHOT,
  authorize,
  dumpFixtures,
  execute,
  executeRefused,
  expand,
  fillForm,
  launchBrowser,
  loadDocuments,
  operationBlock,
  outputPath,
  parameterRow,
  renderedOperationIds,
  renderedServers,
  selectDocument,
  selectorEntries,
  startStub,
} from './support.mjs';

const documents = loadDocuments();

// The constraint keywords Swagger UI prints beside a parameter (showCommonExtensions).
const CONSTRAINTS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems'];

// What each document's requests send. The identifiers are the dataset's anchors (README.md,
// DECISIONS.md "Anchors"); the expected codes are the vendors' envelopes as README.md's "What
// failures look like" lists them. Credentials are placeholders: the stub checks their form,
// not their signature.
const SCENARIOS = {
  'huawei-workspace': {
    credentials: { iam_token: 'MIIExample-IAM-token' },
    header: ['x-auth-token', 'MIIExample-IAM-token'],
    operationId: 'ExportUserGroupUsersNew',
    valid: {
      form: { parameters: { 'path:project_id': '0bec5db98280d2d02fd6c00c2de791ce', 'path:group_id': 'grp-123' } },
      check(response) {
        assert.equal(response.status, 200);
        // The export task that the document's answer promises: a task id, nothing else.
        assert.deepEqual(Object.keys(response.body), ['task_id']);
        assert.match(response.body.task_id, /\S/);
      },
    },
    invalid: {
      // The document: X-Project-Id, when present, must equal the path's project_id.
      form: { parameters: { 'header:X-Project-Id': 'another-project' } },
      check(response) {
        assert.equal(response.status, 400);
        assert.equal(response.body.error_code, 'WKS.00020400');
        assert.match(response.body.error_msg, /X-Project-Id/);
      },
    },
  },
  'tencent-cwp': {
    credentials: {
      tc3_signature: 'TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2026-01-01/cwp/tc3_request, SignedHeaders=content-type;host, Signature=00',
    },
    header: ['authorization', 'TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2026-01-01/cwp/tc3_request, SignedHeaders=content-type;host, Signature=00'],
    operationId: 'ExportAssetUserList',
    valid: {
      form: {
        parameters: {
          'header:X-TC-Action': 'ExportAssetUserList',
          'header:X-TC-Version': '2018-02-28',
          'header:X-TC-Timestamp': Math.floor(Date.now() / 1000),
        },
        body: { Quuid: 'quuid-1', Filters: [{ Name: 'Name', Values: ['root'], ExactMatch: true }] },
      },
      check(response) {
        assert.equal(response.status, 200);
        assert.equal(response.body.Response.Error, undefined, JSON.stringify(response.body));
        assert.match(response.body.Response.TaskId, /\S/);
        assert.equal(typeof response.body.Response.RequestId, 'string');
        for (const name of ['x-tc-action', 'x-tc-version', 'x-tc-timestamp']) {
          assert.ok(response.request.headers[name], `Try it out sent ${name}`);
        }
      },
    },
    invalid: {
      // Filter names are an enum of 15 keys; the page's JSON editor does not check bodies.
      form: { body: { Filters: [{ Name: 'NoSuchKey', Values: ['root'] }] } },
      check(response) {
        assert.equal(response.status, 200);
        assert.equal(response.body.Response.Error.Code, 'InvalidParameterValue');
        assert.equal(response.body.Response.TaskId, undefined);
      },
    },
  },
  'enos-app-portal': {
    credentials: { apim_access_token: 'example-apim-access-token' },
    header: ['apim-accesstoken', 'example-apim-access-token'],
    operationId: 'listAssignedUser',
    valid: {
      form: {
        parameters: { 'query:orgId': 'o15589000000001' },
        body: { userGroupId: 'your_user_group_id', pagination: { pageNo: 0, pageSize: 100 } },
      },
      check(response) {
        assert.equal(response.status, 200);
        assert.equal(response.body.code, 0);
        // DECISIONS.md "Anchors": this user group has exactly 3 users.
        assert.equal(response.body.data.pagination.totalElements, 3);
        assert.equal(response.body.data.users.length, 3);
      },
    },
    invalid: {
      // pageSize is 1 to 1000.
      form: { body: { userGroupId: 'your_user_group_id', pagination: { pageNo: 0, pageSize: 1001 } } },
      check(response) {
        assert.equal(response.status, 200);
        assert.equal(response.body.code, 31400);
        assert.equal(response.body.data, null);
        assert.match(response.body.message, /pageSize/);
      },
    },
  },
  'huawei-codearts-repo': {
    credentials: { aksk_signature: 'SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=host;x-sdk-date, Signature=00' },
    header: ['authorization', 'SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=host;x-sdk-date, Signature=00'],
    operationId: 'ListGroupUserGroups',
    valid: {
      form: { parameters: { 'path:group_id': '123', 'query:limit': '1' } },
      check(response) {
        assert.equal(response.status, 200);
        // DECISIONS.md "Anchors": group 123 starts with the vendor's example team1.
        assert.deepEqual(response.body.map((group) => group.name), ['team1']);
      },
    },
    // limit is 1 to 100: the page itself refuses 101 and sends nothing (checked below), so the
    // request that reaches the stub names a repository group the dataset does not hold.
    refused: { parameters: { 'query:limit': '101' }, message: /100/ },
    invalid: {
      form: async () => ({ parameters: { 'path:group_id': String(await absentCodeArtsGroup()), 'query:limit': '20' } }),
      check(response) {
        assert.equal(response.status, 404);
        assert.equal(response.body.error_code, 'CH.004404');
      },
    },
  },
};

/** A repository group id the stub's dataset does not hold. */
async function absentCodeArtsGroup() {
  const fixtures = await dumpFixtures();
  const taken = new Set(fixtures.huawei_codearts_repo.repository_groups.map((group) => group.group_id));
  let id = 1000;
  while (taken.has(id)) id += 1;
  return id;
}

let stub;
let browser;

before(async () => {
  stub = await startStub();
  browser = await launchBrowser();
  await browser.page.goto(`${stub.url}/swagger-ui/`);
});

after(async () => {
  await browser?.close();
  await stub?.stop();
});

test('the selector lists the four documents, served by the stub', async () => {
  assert.equal(documents.length, 4, 'four documents in openapi/');
  const entries = await selectorEntries(browser.page);
  assert.deepEqual(
    entries.map((entry) => entry.value).sort(),
    documents.map((d) => `/api-docs/${d.file}`).sort(),
  );
  for (const d of documents) {
    assert.equal(entries.find((entry) => entry.value === `/api-docs/${d.file}`).label, d.title);
  }
});

for (const d of documents) {
  test(`${d.name}: rendered, authorized and tried out against the stub`, async (t) => {
    const scenario = SCENARIOS[d.name];
    assert.ok(scenario, `a scenario for ${d.name}`);
    const { page } = browser;
    await selectDocument(page, `/api-docs/${d.file}`, d.title);

    await t.test('every operation appears, with its parameters, constraints, enums and responses', async () => {
      assert.deepEqual(
        (await renderedOperationIds(page)).sort(),
        d.operations.map((op) => op.operationId).sort(),
      );
      for (const op of d.operations) {
        const block = operationBlock(page, op.operationId);
        await expand(block);
        for (const parameter of op.parameters) {
          const row = parameterRow(block, parameter);
          await row.waitFor({ state: 'attached' }).catch(() => assert.fail(`${op.operationId}: no row for the ${parameter.in} parameter ${parameter.name}`));
          const text = await row.innerText();
          for (const value of parameter.schema.enum ?? []) {
            assert.ok(text.includes(value), `${op.operationId}: ${parameter.name} offers ${value}`);
          }
          for (const keyword of CONSTRAINTS) {
            if (parameter.schema[keyword] === undefined) continue;
            assert.ok(text.includes(`${keyword}: ${parameter.schema[keyword]}`), `${op.operationId}: ${parameter.name} shows ${keyword}: ${parameter.schema[keyword]}\n${text}`);
          }
        }
        if (op.requestBody) {
          assert.equal(await block.locator('.opblock-section-request-body').count(), 1, `${op.operationId}: request body section`);
        }
        for (const code of op.responses) {
          assert.equal(
            await block.locator(`.responses-table:not(.live-responses-table) tr.response[data-code="${code}"]`).count(),
            1,
            `${op.operationId}: response ${code}`,
          );
        }
        if (op.security.length > 0) {
          assert.equal(await block.locator('.opblock-summary .authorization__btn').count(), 1, `${op.operationId}: padlock`);
        }
      }
    });

    await t.test('the stub is the first server, then the vendor\'s servers', async () => {
      assert.deepEqual(await renderedServers(page), ['/', ...d.servers]);
    });

    await t.test('the Authorize dialog offers every credential header of the document', async () => {
      const listed = await authorize(page, scenario.credentials);
      assert.deepEqual(Object.keys(listed).sort(), Object.keys(d.securitySchemes).sort());
      for (const [scheme, definition] of Object.entries(d.securitySchemes)) {
        assert.equal(definition.type, 'apiKey', `${scheme} is an API key scheme`);
        assert.match(listed[scheme], new RegExp(`Name:\\s*${definition.name}`), `${scheme} names its header`);
        assert.match(listed[scheme], new RegExp(`In:\\s*${definition.in}`));
      }
    });

    const block = operationBlock(page, scenario.operationId);
    await expand(block);

    await t.test('a valid request through Try it out', async () => {
      await fillForm(block, scenario.valid.form);
      const response = await execute(page, block, stub.url);
      const [header, value] = scenario.header;
      assert.equal(response.request.headers[header], value, `Try it out sent the authorized ${header}`);
      assert.ok(response.request.url.startsWith(`${stub.url}/`), `sent to the stub: ${response.request.url}`);
      scenario.valid.check(response);
    });

    if (scenario.refused) {
      await t.test('a value outside the documented range is refused by the page itself', async () => {
        await fillForm(block, scenario.refused);
        const refused = await executeRefused(page, block, stub.url);
        assert.match(refused.errors, scenario.refused.message);
        assert.deepEqual(refused.sent, [], 'nothing was sent');
      });
    }

    await t.test('an invalid request through Try it out shows the vendor\'s error', async () => {
      const form = typeof scenario.invalid.form === 'function' ? await scenario.invalid.form() : scenario.invalid.form;
      await fillForm(block, form);
      const response = await execute(page, block, stub.url);
      scenario.invalid.check(response);
    });

    await page.screenshot({ path: outputPath(`stub-${d.name}.png`), fullPage: true });
  });
}

test('the README screenshot', async () => {
  // CodeArts after its valid request: a short page that shows Try it out and its answer.
  // Switching documents drops the credentials, so it authorizes again.
  const { page } = browser;
  const d = documents.find((doc) => doc.name === 'huawei-codearts-repo');
  const scenario = SCENARIOS[d.name];
  await selectDocument(page, `/api-docs/${d.file}`, d.title);
  await authorize(page, scenario.credentials);
  const block = operationBlock(page, scenario.operationId);
  await expand(block);
  await fillForm(block, scenario.valid.form);
  scenario.valid.check(await execute(page, block, stub.url));
  await page.evaluate(() => window.scrollTo(0, 0));
  const answer = await block.locator('.live-responses-table .highlight-code').first().boundingBox();
  const path = outputPath('swagger-ui.png');
  await page.screenshot({ path, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(answer.y + answer.height + 16) } });
  if (process.env.UPDATE_SCREENSHOT === '1') {
    mkdirSync(dirname(README_SCREENSHOT), { recursive: true });
    copyFileSync(path, README_SCREENSHOT);
  }
});

test('nothing was fetched from the network, and the page raised no error', async () => {
  assert.deepEqual(browser.offsite, []);
  assert.deepEqual(browser.errors, []);
  // Loopback pages never show the online validator's badge; published pages must not either.
  assert.equal(await browser.page.evaluate(() => window.ui.getConfigs().validatorUrl), 'none');
});
