// Tencent CWP through openapi-fetch, typed by openapi-typescript's output for
// openapi/tencent-cwp.json: ExportAssetUserList and ExportTasks. Every answer is HTTP 200, so
// `data` holds both outcomes: `data.Response` is the result or the error (the document's oneOf).
//
// The document writes ExportTasks at the path `/#ExportTasks`, as an OpenAPI path holds one
// operation per method. openapi-fetch appends that path to the base URL as it is, and fetch
// never sends a URL's fragment, so the request goes to `POST /` with `X-TC-Action: ExportTasks`;
// the cases check the URL fetch reports for the response. (openapi-fetch would put a query
// string after the fragment, where it would be lost too; ExportTasks has no query parameters.)
//
// An export's task id is opaque, so what an export selected is checked in its file: the cases
// poll ExportTasks until the task is FINISHED, fetch DownloadUrl with a plain GET and compare
// the workbook's rows with the dataset.

import assert from "node:assert/strict";

import createClient from "openapi-fetch";
import type { components, paths } from "generated/tencent-cwp.js";

import {
  type ExportedAccount,
  TASK_DELAY_MS,
  TASK_ID,
  XLSX,
  TENCENT_HEADINGS_EN,
  TENCENT_SHEET_EN,
  tencentExport,
  tencentRows,
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
import { readRows } from "./xlsx.js";

type Request = components["schemas"]["ExportAssetUserListRequest"];
type Outcome = components["schemas"]["ExportAssetUserListOutcome"];
type Result = components["schemas"]["ExportAssetUserListResult"];
type Failure = components["schemas"]["TencentErrorResult"];
type TasksOutcome = components["schemas"]["ExportTasksOutcome"];
type TasksResult = components["schemas"]["ExportTasksResult"];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** DECISIONS.md, "Export files (Tencent)": `asset_users_{yyyyMMddTHHmmssSSSZ}.xlsx`. */
const FILE_NAME = /^asset_users_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z\.xlsx$/;

const isFailure = (outcome: Outcome | TasksOutcome): outcome is Failure => "Error" in outcome;

/** One ExportTasks answer, and when it was asked and answered. */
type Poll = Timed<TasksResult>;

/** The creation time a file name carries. */
function createdMs(fileName: string): number {
  const m = FILE_NAME.exec(fileName);
  assert.ok(m, `not an export file name: ${fileName}`);
  const [y, mo, d, h, mi, s, ms] = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

export function tencentCases(ctx: Context): Case[] {
  const options = { baseUrl: ctx.baseUrl, fetch: fetchWithTimeout(ctx.timeoutMs) };
  const signature = `TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2026-01-01/cwp/tc3_request, SignedHeaders=content-type;host, Signature=${"0".repeat(64)}`;
  const client = createClient<paths>({ ...options, headers: { Authorization: signature } });
  client.use(ctx.calls.middleware);
  const unsigned = createClient<paths>(options);
  unsigned.use(ctx.calls.middleware);

  /** The common parameters of every action but `X-TC-Action`; English files. */
  const common = () =>
    ({
      "X-TC-Version": "2018-02-28",
      "X-TC-Timestamp": Math.floor(Date.now() / 1000),
      "X-TC-Region": "ap-guangzhou",
      "X-TC-Language": "en-US",
    }) as const;

  /** What every action answers: HTTP 200 JSON whose `Response` has a request id. */
  const answered = <T extends { RequestId: string }>(
    data: { Response: T } | undefined,
    error: unknown,
    response: Response,
  ): T => {
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("Content-Type"), "application/json");
    assert.equal(error, undefined);
    assert.ok(data);
    assert.match(data.Response.RequestId, UUID);
    return data.Response;
  };

  const call = async (body: Request, via = client): Promise<Outcome> => {
    const { data, error, response } = await via.POST("/", {
      params: { header: { ...common(), "X-TC-Action": "ExportAssetUserList" } },
      body,
    });
    return answered(data, error, response);
  };

  const result = (outcome: Outcome): Result => {
    assert.ok(!isFailure(outcome), `expected a result, got ${JSON.stringify(outcome)}`);
    return outcome;
  };

  const callTasks = async (taskId: string, via = client): Promise<TasksOutcome> => {
    const { data, error, response } = await via.POST("/#ExportTasks", {
      params: { header: { ...common(), "X-TC-Action": "ExportTasks" } },
      body: { TaskId: taskId },
    });
    // fetch reports the URL it fetched without the fragment: the stub was asked for `/`.
    assert.equal(response.url, `${ctx.baseUrl}/`);
    return answered(data, error, response);
  };

  const startExport = async (body: Request): Promise<Export> => {
    const sentMs = Date.now();
    const r = result(await call(body));
    const answeredMs = Date.now();
    assert.match(r.TaskId, TASK_ID);
    return { taskId: r.TaskId, sentMs, answeredMs };
  };

  /** Calls ExportTasks until the task leaves PENDING; every answer, in order. */
  const poll = (exp: Export): Promise<Poll[]> =>
    pollWhile(
      async () => {
        const outcome = await callTasks(exp.taskId);
        assert.ok(!isFailure(outcome), `expected the task's state, got ${JSON.stringify(outcome)}`);
        return outcome;
      },
      (result) => {
        if (result.Status !== "PENDING") return false;
        assert.equal(result.DownloadUrl, "", "no URL while PENDING");
        return true;
      },
      "still PENDING",
    );


  /** Polls the task to FINISHED: the file name carries a creation time within the export's
   * answer, the task is PENDING for the delay and FINISHED after it. */
  const follow = async (exp: Export): Promise<TasksResult> => {
    const polls = await poll(exp);
    const fileName = polls[0]?.answer.FileName;
    assert.ok(fileName);
    const created = createdMs(fileName);
    assert.ok(exp.sentMs - MARGIN_MS <= created && created <= exp.answeredMs + MARGIN_MS, fileName);
    const endsMs = created + TASK_DELAY_MS;
    for (const p of polls) {
      assert.equal(p.answer.FileName, fileName);
      if (p.answeredMs < endsMs - MARGIN_MS) assert.equal(p.answer.Status, "PENDING");
      if (p.sentMs > endsMs + MARGIN_MS) assert.equal(p.answer.Status, "FINISHED");
    }
    const last = polls[polls.length - 1]!.answer;
    assert.equal(last.Status, "FINISHED");
    return last;
  };

  /** Fetches DownloadUrl, which points back at the stub (README, "Following an export to its
   * file"), with a plain GET and no credentials; the workbook's rows after its headings. */
  const fetchFile = async (exp: Export, r: TasksResult): Promise<string[][]> => {
    assert.equal(r.DownloadUrl, `${ctx.baseUrl}/stub-downloads/tencent-cwp/${exp.taskId}/${r.FileName}`);
    ctx.calls.check(r.DownloadUrl);
    const response = await fetchWithTimeout(ctx.timeoutMs)(new globalThis.Request(r.DownloadUrl));
    const bytes = await response.arrayBuffer();
    assert.equal(response.status, 200, Buffer.from(bytes).toString("utf8"));
    assert.equal(response.headers.get("Content-Type"), XLSX, Buffer.from(bytes).toString("utf8"));
    const { sheets, rows } = readRows(bytes);
    assert.deepEqual(sheets, [TENCENT_SHEET_EN]);
    assert.deepEqual(rows[0], TENCENT_HEADINGS_EN);
    return rows.slice(1);
  };

  const assertRows = (rows: string[][], accounts: ExportedAccount[]): void => {
    assert.deepEqual(rows, tencentRows(accounts));
  };

  const failure = (outcome: Outcome | TasksOutcome, code: string): Failure => {
    assert.ok(isFailure(outcome), `expected an error, got ${JSON.stringify(outcome)}`);
    assert.equal(outcome.Error.Code, code);
    assert.ok(outcome.Error.Message.length > 0);
    return outcome;
  };

  return [
    {
      operation: "ExportAssetUserList",
      name: "export of one host exports its accounts",
      run: async () => {
        const exp = await startExport({ Quuid: "quuid-1" });
        const rows = await fetchFile(exp, await follow(exp));
        const want = tencentExport(ctx.dataset, { quuid: "quuid-1" });
        // Every dataset gives quuid-1 the accounts root and admin (DECISIONS.md, "Anchors").
        const names = new Set(want.map(({ account }) => account.name));
        assert.ok(names.has("root") && names.has("admin"));
        assertRows(rows, want);
      },
    },
    {
      operation: "ExportAssetUserList",
      name: "an exact name filter and a sort select those accounts in that order",
      run: async () => {
        const body: Request = {
          Filters: [{ Name: "Name", Values: ["root", "admin"], ExactMatch: true }],
          Order: "desc",
          By: "LoginTime",
        };
        const exp = await startExport(body);
        const rows = await fetchFile(exp, await follow(exp));
        const want = tencentExport(ctx.dataset, { exactNames: ["root", "admin"], by: "LoginTime", order: "desc" });
        assert.ok(want.some(({ host, account }) => host.quuid === "quuid-1" && account.name === "root"));
        assertRows(rows, want);
      },
    },
    {
      operation: "ExportAssetUserList",
      name: "six values in one filter is InvalidParameterValue",
      run: async () => {
        const f = failure(
          await call({ Filters: [{ Name: "Name", Values: ["a", "b", "c", "d", "e", "f"] }] }),
          "InvalidParameterValue",
        );
        assert.match(f.Error.Message, /Filters\.0\.Values/);
      },
    },
    {
      operation: "ExportAssetUserList",
      name: "a non-numeric Uid (an if/then rule the types cannot express) is InvalidParameterValue",
      run: async () => {
        const f = failure(await call({ Filters: [{ Name: "Uid", Values: ["abc"] }] }), "InvalidParameterValue");
        assert.match(f.Error.Message, /Filters\.0\.Values\.0/);
      },
    },
    {
      operation: "ExportAssetUserList",
      name: "an unknown body field does not compile, and the stub answers UnknownParameter",
      run: async () => {
        // @ts-expect-error the generated request type has no Limit field.
        const body: Request = { Quuid: "quuid-1", Limit: 10 };
        failure(await call(body), "UnknownParameter");
      },
    },
    {
      operation: "ExportAssetUserList",
      name: "no signature is AuthFailure.InvalidAuthorization",
      run: async () => {
        failure(await call({}, unsigned), "AuthFailure.InvalidAuthorization");
      },
    },
    {
      operation: "ExportTasks",
      name: "a task is PENDING for the delay, then FINISHED with a URL to its file",
      run: async () => {
        const exp = await startExport({
          Quuid: "quuid-1",
          Filters: [{ Name: "Name", Values: ["admin", "root"], ExactMatch: true }],
        });
        const rows = await fetchFile(exp, await follow(exp));
        // No `By`: dataset order.
        const want = tencentExport(ctx.dataset, { quuid: "quuid-1", exactNames: ["admin", "root"] });
        assert.equal(want.length, 2);
        assertRows(rows, want);
      },
    },
    {
      operation: "ExportTasks",
      name: "a task id the stub did not issue is ResourceNotFound",
      run: async () => {
        // The vendor's example id, which the stub never issues.
        failure(await callTasks("24563"), "ResourceNotFound");
      },
    },
    {
      operation: "ExportTasks",
      name: "another action in X-TC-Action does not compile",
      run: async () => {
        const { data, response } = await client.POST("/#ExportTasks", {
          params: {
            header: {
              // @ts-expect-error X-TC-Action of this path is the one-value enum "ExportTasks".
              "X-TC-Action": "ExportAssetUserList",
              "X-TC-Version": "2018-02-28",
              "X-TC-Timestamp": Math.floor(Date.now() / 1000),
            },
          },
          body: { TaskId: "24563" },
        });
        // Sent anyway, it reaches ExportAssetUserList, which refuses the ExportTasks body.
        assert.equal(response.status, 200);
        assert.ok(data);
        failure(data.Response, "UnknownParameter");
      },
    },
    {
      operation: "ExportTasks",
      name: "no signature is AuthFailure.InvalidAuthorization",
      run: async () => {
        failure(await callTasks("24563", unsigned), "AuthFailure.InvalidAuthorization");
      },
    },
  ];
}
