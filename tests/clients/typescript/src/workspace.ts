// Huawei Workspace through openapi-fetch, typed by openapi-typescript's output for
// openapi/huawei-workspace.json: ExportUserGroupUsersNew, ExportUsersTemplate, and the export
// center's ListExportTasks and DownloadExportFile.
//
// An export's task id is opaque, so what an export selected is checked in its file: the cases
// poll the task until it is done, download the workbook and compare its rows with the dataset.
// The stub runs with its default task delay (500 ms), so each followed export takes about half a
// second.

import assert from "node:assert/strict";

import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "generated/huawei-workspace.js";

import {
  TASK_DELAY_MS,
  TASK_ID,
  XLSX,
  WORKSPACE_SHEETS,
  type WorkspaceUser,
  fileTime,
  workspaceExport,
  workspaceGroup,
  workspaceRows,
} from "./expected.js";
import {
  type Case,
  type Context,
  type Export,
  MARGIN_MS,
  type Timed,
  fetchWithTimeout,
  pollWhile,
} from "./harness.js";
import { firstSheet, readRows } from "./xlsx.js";

type WorkspaceError = components["schemas"]["WorkspaceError"];
type ExportTaskItem = components["schemas"]["ExportTaskItem"];
type ExportTaskStatus = components["schemas"]["ExportTaskStatus"];

const PROJECT = "0bec5db98280d2d02fd6c00c2de791ce";
const GROUP = "grp-123";
const EXPORT = "/v3/{project_id}/groups/{group_id}/users/export";
const TEMPLATE = "/v2/{project_id}/users/template/download";
const LIST = "/v2/{project_id}/export-tasks";
const DOWNLOAD = "/v2/{project_id}/export-tasks/{task_id}/download";
/** A task id of the form the vendor's pages show, which the stub never issues. */
const FOREIGN_TASK_ID = "3f1f0e7c-6a7d-4b9e-9d1b-0c2f5a8e7d41";

type ExportQuery = NonNullable<paths[typeof EXPORT]["get"]["parameters"]["query"]>;

/** One ListExportTasks answer for a task, and when it was asked and answered. */
type Poll = Timed<ExportTaskItem>;

/** A field of an answer the document leaves optional (DECISIONS.md, "All documents" 6) but the
 * stub always sends: asserts it is there, and returns it. */
function sent<T>(value: T | undefined, what: string): T {
  assert.ok(value !== undefined, `${what} is sent`);
  return value;
}

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
  // Asks every export to make its task fail (DECISIONS.md, "Injected failures").
  const failing = createClient<paths>({
    ...options,
    headers: { "X-Auth-Token": "typescript-client-token", Prefer: "task=fail" },
  });
  failing.use(ctx.calls.middleware);

  const startExport = async (query: ExportQuery = {}, via: Client<paths> = client): Promise<Export> => {
    const sentMs = Date.now();
    const { data, error, response } = await via.GET(EXPORT, {
      params: { path: { project_id: PROJECT, group_id: GROUP }, query },
    });
    const answeredMs = Date.now();
    assert.equal(response.status, 200, JSON.stringify(error));
    assert.ok(data);
    assert.ok(response.headers.get("X-Request-Id"));
    assert.match(data.task_id, TASK_ID);
    return { taskId: data.task_id, sentMs, answeredMs };
  };

  /** Lists the task with `task_id=` until it leaves CREATING; every answer, in order. */
  const poll = (exp: Export): Promise<Poll[]> =>
    pollWhile(
      async () => {
        const { data, error, response } = await client.GET(LIST, {
          params: { path: { project_id: PROJECT }, query: { task_id: exp.taskId } },
        });
        assert.equal(response.status, 200, JSON.stringify(error));
        assert.ok(data);
        assert.ok(response.headers.get("X-Request-Id"));
        assert.equal(data.count, 1, JSON.stringify(data));
        const [item, ...more] = sent(data.export_tasks, "export_tasks");
        assert.ok(item && more.length === 0, JSON.stringify(data));
        assert.equal(item.task_id, exp.taskId);
        return item;
      },
      (item) => {
        if (item.status !== "CREATING") return false;
        assert.equal(item.end_time, undefined, "no end time while CREATING");
        assert.equal(item.is_download, false);
        return true;
      },
      "still CREATING",
    );


  /** The task was created while the export was answered, is CREATING for the delay and then
   * `final`, with the end time and file name DECISIONS.md gives; returns the last item. */
  const lifecycle = (exp: Export, polls: Poll[], final: ExportTaskStatus): ExportTaskItem => {
    const first = polls[0];
    assert.ok(first);
    const createdMs = Date.parse(sent(first.answer.create_time, "create_time"));
    assert.ok(exp.sentMs - MARGIN_MS <= createdMs && createdMs <= exp.answeredMs + MARGIN_MS, first.answer.create_time);
    const endsMs = createdMs + TASK_DELAY_MS;
    for (const p of polls) {
      assert.equal(Date.parse(sent(p.answer.create_time, "create_time")), createdMs);
      // Judged by the stub between sending and answering: before the end it must be pending,
      // after the end it must be done.
      if (p.answeredMs < endsMs - MARGIN_MS) assert.equal(p.answer.status, "CREATING");
      if (p.sentMs > endsMs + MARGIN_MS) assert.equal(p.answer.status, final);
    }
    const last = polls[polls.length - 1]!.answer;
    assert.equal(last.status, final);
    assert.ok(last.end_time);
    assert.equal(Date.parse(last.end_time), endsMs);
    assert.equal(last.file_name, `user_group_users_${fileTime(createdMs)}.xlsx`);
    return last;
  };

  const follow = async (exp: Export): Promise<ExportTaskItem> => lifecycle(exp, await poll(exp), "SUCCESS");

  /** Downloads the task's file; the workbook's sheet names and rows. */
  const download = async (taskId: string, fileName: string): Promise<{ sheets: string[]; rows: string[][] }> => {
    const { data, error, response } = await client.GET(DOWNLOAD, {
      params: { path: { project_id: PROJECT, task_id: taskId } },
      parseAs: "arrayBuffer",
    });
    assert.equal(response.status, 200, JSON.stringify(error));
    assert.ok(data instanceof ArrayBuffer);
    assert.equal(response.headers.get("Content-Type"), XLSX);
    assert.equal(response.headers.get("Content-Disposition"), `attachment; filename="${fileName}"`);
    assert.ok(response.headers.get("X-Request-Id"));
    return readRows(data);
  };

  const assertFile = (
    file: { sheets: string[]; rows: string[][] },
    language: keyof typeof WORKSPACE_SHEETS,
    users: WorkspaceUser[],
  ): void => {
    const { sheet, headings } = WORKSPACE_SHEETS[language];
    assert.deepEqual(file.sheets, [sheet]);
    assert.deepEqual(file.rows[0], [...headings]);
    assert.deepEqual(file.rows.slice(1), workspaceRows(users));
  };

  // One task made to fail, shared by the cases that look at it, so the delay is waited once.
  let failedTask: Promise<ExportTaskItem> | undefined;
  const failed = (): Promise<ExportTaskItem> =>
    (failedTask ??= (async () => {
      const exp = await startExport({ user_names: ["alice"] }, failing);
      return lifecycle(exp, await poll(exp), "FAIL");
    })());

  return [
    {
      operation: "ExportUserGroupUsersNew",
      name: "export of a whole group exports all its users",
      run: async () => {
        const exp = await startExport();
        const item = await follow(exp);
        const users = workspaceExport(ctx.dataset, PROJECT, GROUP);
        assert.equal(users.length, workspaceGroup(ctx.dataset, PROJECT, GROUP).users.length);
        // No filter: every user of the group; no language: English headings.
        assertFile(await download(exp.taskId, sent(item.file_name, "file_name")), "en_US", users);
      },
    },
    {
      operation: "ExportUserGroupUsersNew",
      name: "a misspelt response field does not compile",
      run: async () => {
        const { data, response } = await client.GET(EXPORT, {
          params: { path: { project_id: PROJECT, group_id: GROUP }, query: { user_names: ["alice"] } },
        });
        assert.equal(response.status, 200);
        assert.ok(data);
        assert.match(data.task_id, TASK_ID);
        // @ts-expect-error the document names the field task_id; a misspelling must not compile.
        assert.equal(data.taskId, undefined);
      },
    },
    {
      operation: "ExportUserGroupUsersNew",
      name: "a list of user names goes out as repeated keys and selects those users",
      run: async () => {
        // Had the client joined the list into one value (`bob,alice`), the stub would have looked
        // for a user of that name and the file would hold nobody.
        const sentMs = Date.now();
        const { data, response } = await client.GET(EXPORT, {
          params: {
            path: { project_id: PROJECT, group_id: GROUP },
            query: { user_names: ["bob", "alice"], language: "en_US" },
            header: { "X-Project-Id": PROJECT },
          },
        });
        const answeredMs = Date.now();
        assert.equal(response.status, 200);
        assert.ok(data);
        assert.match(data.task_id, TASK_ID);
        const item = await follow({ taskId: data.task_id, sentMs, answeredMs });
        const users = workspaceExport(ctx.dataset, PROJECT, GROUP, { user_names: ["bob", "alice"] });
        assert.deepEqual(
          users.map((u) => u.user_name),
          ["alice", "bob"],
        );
        assertFile(await download(data.task_id, sent(item.file_name, "file_name")), "en_US", users);
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
    {
      operation: "ListExportTasks",
      name: "a task is CREATING for the delay, then SUCCESS",
      run: async () => {
        const exp = await startExport({ user_names: ["alice"], language: "zh_CN" });
        const item = lifecycle(exp, await poll(exp), "SUCCESS");
        assert.equal(item.fail_reason, undefined);
        assert.equal(item.error_code, undefined);
        assert.equal(item.is_download, false);
      },
    },
    {
      operation: "ListExportTasks",
      name: "without task_id: this stub's tasks, filtered and newest first",
      run: async () => {
        const exp = await startExport({ user_names: ["bob"] });
        await follow(exp);
        const { data, response } = await client.GET(LIST, {
          params: {
            path: { project_id: PROJECT },
            query: { status: "SUCCESS", sort_field: "create_time", sort_type: "DESC", limit: 100 },
          },
        });
        assert.equal(response.status, 200);
        assert.ok(data);
        const tasks = sent(data.export_tasks, "export_tasks");
        assert.ok(tasks.some((t) => t.task_id === exp.taskId));
        assert.ok(tasks.every((t) => t.status === "SUCCESS"));
        const times = tasks.map((t) => Date.parse(sent(t.create_time, "create_time")));
        assert.deepEqual(times, [...times].sort((a, b) => b - a), "newest first");
        assert.ok(sent(data.count, "count") >= tasks.length);
      },
    },
    {
      operation: "ListExportTasks",
      name: "a task id the stub did not issue lists nothing",
      run: async () => {
        const { data, response } = await client.GET(LIST, {
          params: { path: { project_id: PROJECT }, query: { task_id: FOREIGN_TASK_ID } },
        });
        assert.equal(response.status, 200);
        assert.deepEqual(data, { export_tasks: [], count: 0 });
      },
    },
    {
      operation: "ListExportTasks",
      name: "an injected failure is FAIL with a reason and the internal error's code",
      run: async () => {
        const item = await failed();
        assert.equal(item.error_code, "WKS.00020500");
        assert.ok(item.fail_reason && item.fail_reason.length > 0);
      },
    },
    {
      operation: "ListExportTasks",
      name: "a limit above 100 is a 400",
      run: async () => {
        // The generated type is `number`: the range is the stub's to enforce.
        const { error, response } = await client.GET(LIST, {
          params: { path: { project_id: PROJECT }, query: { limit: 101 } },
        });
        const e = assertError(error, response, 400, "WKS.00020400");
        assert.match(e.error_msg, /limit/);
      },
    },
    {
      operation: "ListExportTasks",
      name: "a status outside the enum does not compile, and the stub answers 400",
      run: async () => {
        const { error, response } = await client.GET(LIST, {
          params: {
            path: { project_id: PROJECT },
            // @ts-expect-error "DONE" is not an ExportTaskStatus; the generated union must reject it.
            query: { status: "DONE" },
          },
        });
        const e = assertError(error, response, 400, "WKS.00020400");
        assert.match(e.error_msg, /status/);
      },
    },
    {
      operation: "DownloadExportFile",
      name: "a finished task's file is the workbook of its users",
      run: async () => {
        const exp = await startExport({ user_names: ["alice", "bob"], language: "zh_CN" });
        const item = await follow(exp);
        const users = workspaceExport(ctx.dataset, PROJECT, GROUP, { user_names: ["alice", "bob"] });
        assert.equal(users.length, 2);
        assertFile(await download(exp.taskId, sent(item.file_name, "file_name")), "zh_CN", users);
        // The listing now says the file was downloaded.
        const [after] = (await poll(exp)).map((p) => p.answer);
        assert.equal(after?.is_download, true);
      },
    },
    {
      operation: "DownloadExportFile",
      name: "a failed task has no file: 404 naming its status",
      run: async () => {
        const item = await failed();
        const { error, response } = await client.GET(DOWNLOAD, {
          params: { path: { project_id: PROJECT, task_id: sent(item.task_id, "task_id") } },
          parseAs: "arrayBuffer",
        });
        const e = assertError(error, response, 404, "WKS.00020404");
        assert.match(e.error_msg, /FAIL/);
      },
    },
    {
      operation: "DownloadExportFile",
      name: "a task id the stub did not issue is a 404",
      run: async () => {
        const { error, response } = await client.GET(DOWNLOAD, {
          params: { path: { project_id: PROJECT, task_id: FOREIGN_TASK_ID } },
          parseAs: "arrayBuffer",
        });
        assertError(error, response, 404, "WKS.00020404");
      },
    },
    {
      operation: "DownloadExportFile",
      name: "no credentials is a 401",
      run: async () => {
        const { error, response } = await anonymous.GET(DOWNLOAD, {
          params: { path: { project_id: PROJECT, task_id: FOREIGN_TASK_ID } },
          parseAs: "arrayBuffer",
        });
        assertError(error, response, 401, "APIGW.0301");
      },
    },
  ];
}
