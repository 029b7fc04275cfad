// EnOS Application Portal through openapi-fetch, typed by openapi-typescript's output for
// openapi/enos-app-portal.json: listAssignedUser. Every answer is HTTP 200 with
// `{code, message, data}`; `data` is null on failure.

import assert from "node:assert/strict";

import createClient from "openapi-fetch";
import type { components, paths } from "generated/enos-app-portal.js";

import { enosGroupUsers } from "./expected.js";
import { type Case, type Context, fetchWithTimeout } from "./harness.js";

type Envelope = components["schemas"]["ListAssignedUserResponse"];
type Page = components["schemas"]["ListAssignedUserData"];

export function enosCases(ctx: Context): Case[] {
  const client = createClient<paths>({
    baseUrl: ctx.baseUrl,
    fetch: fetchWithTimeout(ctx.timeoutMs),
    headers: { "apim-accesstoken": "typescript-client-access-token" },
  });
  client.use(ctx.calls.middleware);

  const call = async (orgId: string, userGroupId: string, pageNo: number, pageSize: number): Promise<Envelope> => {
    const { data, error, response } = await client.POST("/app-portal-service/v2.3/userGroup/listAssignedUser", {
      params: { query: { orgId }, header: { "apim-timestamp": Date.now() } },
      body: { userGroupId, pagination: { pageNo, pageSize } },
    });
    assert.equal(response.status, 200);
    assert.equal(error, undefined);
    assert.ok(data);
    return data;
  };

  const page = (envelope: Envelope): Page => {
    assert.equal(envelope.code, 0, envelope.message);
    assert.equal(envelope.message, "OK");
    assert.ok(envelope.data !== null);
    return envelope.data;
  };

  return [
    {
      operation: "listAssignedUser",
      name: "the first page holds every user of the vendor's example group",
      run: async () => {
        const users = enosGroupUsers(ctx.dataset, "o15589000000001", "your_user_group_id");
        assert.equal(users.length, 3);
        const p = page(await call("o15589000000001", "your_user_group_id", 0, 100));
        assert.deepEqual(p.users, users);
        assert.deepEqual(p.pagination, { totalElements: 3, pageNo: 0, pageSize: 100 });
      },
    },
    {
      operation: "listAssignedUser",
      name: "a later page is the matching slice, with the true total",
      run: async () => {
        const users = enosGroupUsers(ctx.dataset, "o123", "ug1");
        const size = 5;
        const last = Math.floor((users.length - 1) / size);
        assert.ok(last >= 1);
        const p = page(await call("o123", "ug1", last, size));
        assert.deepEqual(p.users, users.slice(last * size));
        assert.deepEqual(p.pagination, { totalElements: users.length, pageNo: last, pageSize: size });
      },
    },
    {
      operation: "listAssignedUser",
      name: "a page size over 1000 is code 31400 with null data",
      run: async () => {
        const e = await call("o15589000000001", "your_user_group_id", 0, 1001);
        assert.equal(e.code, 31400);
        assert.equal(e.data, null);
        assert.match(e.message, /pageSize/);
      },
    },
    {
      operation: "listAssignedUser",
      name: "an unknown user group is code 31404 with null data",
      run: async () => {
        const groups = ctx.dataset.enos_app_portal.orgs.flatMap((o) => o.user_groups.map((g) => g.user_group_id));
        assert.ok(!groups.includes("ug-none"));
        const e = await call("o15589000000001", "ug-none", 0, 10);
        assert.equal(e.code, 31404);
        assert.equal(e.data, null);
      },
    },
  ];
}
