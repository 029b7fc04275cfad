// Huawei Workspace through openapi-fetch, typed by openapi-typescript's output for
// openapi/huawei-workspace.json: ExportUserGroupUsersNew and ExportUsersTemplate.

import assert from "node:assert/strict";

import createClient from "openapi-fetch";
import type { components, paths } from "generated/huawei-workspace.js";

import { workspaceExport, workspaceGroup } from "./expected.js";
import { type Case, type Context, fetchWithTimeout } from "./harness.js";
import { firstSheet } from "./xlsx.js";

type WorkspaceError = components["schemas"]["WorkspaceError"];

const PROJECT = "0bec5db98280d2d02fd6c00c2de791ce";
const GROUP = "grp-123";
const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const EXPORT = "/v3/{project_id}/groups/{group_id}/users/export";
const TEMPLATE = "/v2/{project_id}/users/template/download";

function assertError(error: WorkspaceError | undefined, response: Response, status: number, code: string): WorkspaceError {
  assert.equal(response.status, status);
  assert.ok(error, "the error body was parsed");
  assert.equal(error.error_code, code);
  assert.ok(error.error_msg.length > 0);
  assert.ok(response.headers.get("X-Request-Id"));
  return error;
}

const hasCjk = (text: string): boolean => /[\u3400-\u9fff\uff00-\uffef]/.test(text);

export function workspaceCases(ctx: Context): Case[] {
  const options = { baseUrl: ctx.baseUrl, fetch: fetchWithTimeout(ctx.timeoutMs) };
  const client = createClient<paths>({ ...options, headers: { "X-Auth-Token": "typescript-client-token" } });
  client.use(ctx.calls.middleware);
  const anonymous = createClient<paths>(options);
  anonymous.use(ctx.calls.middleware);

  return [
    {
      operation: "ExportUserGroupUsersNew",
      name: "export of a whole group answers the task of all its users",
      run: async () => {
        const { data, error, response } = await client.GET(EXPORT, {
          params: { path: { project_id: PROJECT, group_id: GROUP } },
        });
        assert.equal(response.status, 200);
        assert.equal(error, undefined);
        assert.ok(data);
        const want = workspaceExport(ctx.dataset, PROJECT, GROUP);
        assert.equal(want.users.length, workspaceGroup(ctx.dataset, PROJECT, GROUP).users.length);
        assert.match(data.task_id, UUID_V8);
        assert.equal(data.task_id, want.taskId);
        assert.ok(response.headers.get("X-Request-Id"));
        // @ts-expect-error the document names the field task_id; a misspelling must not compile.
        assert.equal(data.taskId, undefined);
      },
    },
    {
      operation: "ExportUserGroupUsersNew",
      name: "a list of user names goes out as repeated keys and selects those users",
      run: async () => {
        const { data, response } = await client.GET(EXPORT, {
          params: {
            path: { project_id: PROJECT, group_id: GROUP },
            query: { user_names: ["bob", "alice"], language: "en_US" },
            header: { "X-Project-Id": PROJECT },
          },
        });
        assert.equal(response.status, 200);
        assert.ok(data);
        const want = workspaceExport(ctx.dataset, PROJECT, GROUP, { user_names: ["bob", "alice"], language: "en_US" });
        assert.deepEqual(want.users, ["alice", "bob"]);
        assert.equal(data.task_id, want.taskId);
      },
    },
    {
      operation: "ExportUserGroupUsersNew",
      name: "a project header unlike the path is a 400",
      run: async () => {
        const { data, error, response } = await client.GET(EXPORT, {
          params: { path: { project_id: PROJECT, group_id: GROUP }, header: { "X-Project-Id": "another-project" } },
        });
        assert.equal(data, undefined);
        const e = assertError(error, response, 400, "WKS.00020400");
        assert.match(e.error_msg, /X-Project-Id/);
      },
    },
    {
      operation: "ExportUserGroupUsersNew",
      name: "an unknown group is a 404",
      run: async () => {
        const known = ctx.dataset.huawei_workspace.projects.flatMap((p) => p.user_groups.map((g) => g.group_id));
        assert.ok(!known.includes("no-such-group"));
        const { error, response } = await client.GET(EXPORT, {
          params: { path: { project_id: PROJECT, group_id: "no-such-group" }, query: { active_type: "ADMIN_ACTIVATE" } },
        });
        assertError(error, response, 404, "WKS.00020404");
      },
    },
    {
      operation: "ExportUserGroupUsersNew",
      name: "no credentials is a 401",
      run: async () => {
        const { error, response } = await anonymous.GET(EXPORT, {
          params: { path: { project_id: PROJECT, group_id: GROUP } },
        });
        assertError(error, response, 401, "APIGW.0301");
      },
    },
    {
      operation: "ExportUsersTemplate",
      name: "without parameters: the English, user-activated workbook",
      run: async () => {
        const { data, response } = await client.GET(TEMPLATE, {
          params: { path: { project_id: PROJECT } },
          parseAs: "arrayBuffer",
        });
        assert.equal(response.status, 200);
        assert.ok(data instanceof ArrayBuffer);
        assert.equal(response.headers.get("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assert.equal(
          response.headers.get("Content-Disposition"),
          'attachment; filename="user_import_template_en_US_USER_ACTIVATE.xlsx"',
        );
        const { sheets, header } = firstSheet(data);
        assert.deepEqual(sheets, ["Users"]);
        assert.deepEqual(header.map((h) => h.endsWith("*")), [true, true, false, false, false]);
        assert.ok(!header.some(hasCjk));
      },
    },
    {
      operation: "ExportUsersTemplate",
      name: "Chinese, admin-activated: the password column is added",
      run: async () => {
        const { data, response } = await client.GET(TEMPLATE, {
          params: {
            path: { project_id: PROJECT },
            query: { language: "zh_CN", active_type: "ADMIN_ACTIVATE" },
            header: { "X-Project-Id": PROJECT },
          },
          parseAs: "arrayBuffer",
        });
        assert.equal(response.status, 200);
        assert.ok(data);
        assert.equal(
          response.headers.get("Content-Disposition"),
          'attachment; filename="user_import_template_zh_CN_ADMIN_ACTIVATE.xlsx"',
        );
        const { sheets, header } = firstSheet(data);
        assert.deepEqual(sheets, ["用户"]);
        assert.deepEqual(header.map((h) => h.endsWith("*")), [true, true, false, false, false, true]);
        assert.ok(header.every(hasCjk));
      },
    },
    {
      operation: "ExportUsersTemplate",
      name: "a project header unlike the path is a 400",
      run: async () => {
        const { error, response } = await client.GET(TEMPLATE, {
          params: { path: { project_id: PROJECT }, header: { "X-Project-Id": "another-project" } },
          parseAs: "arrayBuffer",
        });
        const e = assertError(error, response, 400, "WKS.00020400");
        assert.match(e.error_msg, /X-Project-Id/);
      },
    },
    {
      operation: "ExportUsersTemplate",
      name: "an unknown project is a 404",
      run: async () => {
        const unknown = "f".repeat(32);
        assert.ok(!ctx.dataset.huawei_workspace.projects.some((p) => p.project_id === unknown));
        const { error, response } = await client.GET(TEMPLATE, { params: { path: { project_id: unknown } } });
        assertError(error, response, 404, "WKS.00020404");
      },
    },
    {
      operation: "ExportUsersTemplate",
      name: "an active_type outside the enum does not compile, and the stub answers 400",
      run: async () => {
        const { error, response } = await client.GET(TEMPLATE, {
          params: {
            path: { project_id: PROJECT },
            // @ts-expect-error "SELF" is not an ActiveType; the generated union must reject it.
            query: { active_type: "SELF" },
          },
        });
        const e = assertError(error, response, 400, "WKS.00020400");
        assert.match(e.error_msg, /active_type/);
      },
    },
  ];
}
