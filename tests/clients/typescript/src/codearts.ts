// Huawei CodeArts Repo through openapi-fetch, typed by openapi-typescript's output for
// openapi/huawei-codearts-repo.json: ListGroupUserGroups.

import assert from "node:assert/strict";

import createClient from "openapi-fetch";
import type { components, paths } from "generated/huawei-codearts-repo.js";

import { codeartsMembers, codeartsUnusedGroupId } from "./expected.js";
import { type Case, type Context, fetchWithTimeout } from "./harness.js";

type Member = components["schemas"]["ProjectUserGroupDto"];
type CodeArtsError = components["schemas"]["CodeArtsError"];

const PATH = "/v4/groups/{group_id}/user-groups";

function assertError(error: CodeArtsError | undefined, response: Response, status: number, code: string): CodeArtsError {
  assert.equal(response.status, status);
  assert.ok(error, "the error body was parsed");
  assert.equal(error.error_code, code);
  assert.ok(error.error_msg.length > 0);
  return error;
}

export function codeartsCases(ctx: Context): Case[] {
  const options = { baseUrl: ctx.baseUrl, fetch: fetchWithTimeout(ctx.timeoutMs) };
  // Signed with the AK/SK scheme (its header only: the stub verifies no signature).
  const client = createClient<paths>({
    ...options,
    headers: {
      Authorization: `SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=host;x-sdk-date, Signature=${"0".repeat(64)}`,
      "X-Sdk-Date": "20260101T000000Z",
    },
  });
  client.use(ctx.calls.middleware);
  // No credentials of its own: cases pass the operation's typed X-Auth-Token header parameter.
  const anonymous = createClient<paths>(options);
  anonymous.use(ctx.calls.middleware);

  const list = async (groupId: number, query: { offset?: number; limit?: number; search?: string } = {}, token?: string) => {
    const via = token === undefined ? client : anonymous;
    return via.GET(PATH, {
      params: { path: { group_id: groupId }, query, header: token === undefined ? {} : { "X-Auth-Token": token } },
    });
  };

  const members = (data: Member[] | undefined, response: Response): Member[] => {
    assert.equal(response.status, 200);
    assert.ok(response.headers.get("X-Request-Id"));
    assert.ok(Array.isArray(data));
    return data;
  };

  return [
    {
      operation: "ListGroupUserGroups",
      name: "the default page is the first twenty members",
      run: async () => {
        const all = codeartsMembers(ctx.dataset, 123);
        assert.ok(all.length > 20);
        const { data, response } = await list(123);
        const got = members(data, response);
        assert.deepEqual(got, all.slice(0, 20));
        assert.deepEqual(got.slice(0, 2).map((m) => m.name), ["team1", "team2"]);
        const first = got[0];
        assert.ok(first);
        // project_id and description are `string | null` in the generated types.
        const nullable: [string | null, string | null] = [first.project_id, first.description];
        assert.deepEqual(nullable, [null, null]);
        assert.ok(!Number.isNaN(Date.parse(first.created_at)));
      },
    },
    {
      operation: "ListGroupUserGroups",
      name: "offset and the largest limit page through a big group",
      run: async () => {
        const all = codeartsMembers(ctx.dataset, 4242);
        assert.ok(all.length > 100);
        const { data, response } = await list(4242, { offset: 100, limit: 100 });
        assert.deepEqual(members(data, response), all.slice(100, 200));
      },
    },
    {
      operation: "ListGroupUserGroups",
      name: "search keeps the members with that user group id",
      run: async () => {
        const all = codeartsMembers(ctx.dataset, 123);
        const wanted = all[0]?.user_group_id;
        assert.ok(wanted);
        const { data, response } = await list(123, { search: wanted }, "typescript-client-token");
        assert.deepEqual(members(data, response), all.filter((m) => m.user_group_id === wanted).slice(0, 20));
      },
    },
    {
      operation: "ListGroupUserGroups",
      name: "an empty group has no members",
      run: async () => {
        assert.deepEqual(codeartsMembers(ctx.dataset, 7), []);
        const { data, response } = await list(7, {}, "t");
        assert.deepEqual(members(data, response), []);
      },
    },
    {
      operation: "ListGroupUserGroups",
      name: "a limit over 100 is a 400",
      run: async () => {
        const { data, error, response } = await list(123, { limit: 101 });
        assert.equal(data, undefined);
        assert.match(assertError(error, response, 400, "CH.004400").error_msg, /limit/);
      },
    },
    {
      operation: "ListGroupUserGroups",
      name: "an unknown repository group is a 404",
      run: async () => {
        const { error, response } = await list(codeartsUnusedGroupId(ctx.dataset));
        assertError(error, response, 404, "CH.004404");
      },
    },
    {
      operation: "ListGroupUserGroups",
      name: "no token or signature is a 401",
      run: async () => {
        const { error, response } = await anonymous.GET(PATH, { params: { path: { group_id: 123 } } });
        assertError(error, response, 401, "DEV.00000003");
      },
    },
  ];
}
