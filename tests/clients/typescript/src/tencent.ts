// Tencent CWP through openapi-fetch, typed by openapi-typescript's output for
// openapi/tencent-cwp.json: ExportAssetUserList. Every answer is HTTP 200, so `data` holds
// both outcomes: `data.Response` is the result or the error (the document's oneOf).

import assert from "node:assert/strict";

import createClient from "openapi-fetch";
import type { components, paths } from "generated/tencent-cwp.js";

import { tencentExport } from "./expected.js";
import { type Case, type Context, fetchWithTimeout } from "./harness.js";

type Request = components["schemas"]["ExportAssetUserListRequest"];
type Outcome = components["schemas"]["ExportAssetUserListOutcome"];
type Result = components["schemas"]["ExportAssetUserListResult"];
type Failure = components["schemas"]["TencentErrorResult"];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const isFailure = (outcome: Outcome): outcome is Failure => "Error" in outcome;

export function tencentCases(ctx: Context): Case[] {
  const options = { baseUrl: ctx.baseUrl, fetch: fetchWithTimeout(ctx.timeoutMs) };
  const signature = `TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2026-01-01/cwp/tc3_request, SignedHeaders=content-type;host, Signature=${"0".repeat(64)}`;
  const client = createClient<paths>({ ...options, headers: { Authorization: signature } });
  client.use(ctx.calls.middleware);
  const unsigned = createClient<paths>(options);
  unsigned.use(ctx.calls.middleware);

  const call = async (body: Request, via = client): Promise<Outcome> => {
    const { data, error, response } = await via.POST("/", {
      params: {
        header: {
          "X-TC-Action": "ExportAssetUserList",
          "X-TC-Version": "2018-02-28",
          "X-TC-Timestamp": Math.floor(Date.now() / 1000),
          "X-TC-Region": "ap-guangzhou",
          "X-TC-Language": "en-US",
        },
      },
      body,
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("Content-Type"), "application/json");
    assert.equal(error, undefined);
    assert.ok(data);
    assert.match(data.Response.RequestId, UUID);
    return data.Response;
  };

  const result = (outcome: Outcome): Result => {
    assert.ok(!isFailure(outcome), `expected a result, got ${JSON.stringify(outcome)}`);
    return outcome;
  };

  const failure = (outcome: Outcome, code: string): Failure => {
    assert.ok(isFailure(outcome), `expected an error, got ${JSON.stringify(outcome)}`);
    assert.equal(outcome.Error.Code, code);
    assert.ok(outcome.Error.Message.length > 0);
    return outcome;
  };

  return [
    {
      operation: "ExportAssetUserList",
      name: "export of one host answers the task of its accounts",
      run: async () => {
        const r = result(await call({ Quuid: "quuid-1" }));
        const want = tencentExport(ctx.dataset, { quuid: "quuid-1" });
        const names = new Set(want.accounts.map(([, name]) => name));
        assert.ok(names.has("root") && names.has("admin"));
        assert.match(r.TaskId, /^[1-9][0-9]*$/);
        assert.ok(BigInt(r.TaskId) < 2n ** 53n);
        assert.equal(r.TaskId, want.taskId);
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
        const r = result(await call(body));
        const want = tencentExport(ctx.dataset, { exactNames: ["root", "admin"], by: "LoginTime", order: "desc" });
        assert.ok(want.accounts.some(([q, n]) => q === "quuid-1" && n === "root"));
        assert.equal(r.TaskId, want.taskId);
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
  ];
}
