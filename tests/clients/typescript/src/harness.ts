// The few pieces every case file shares: the operation ids, the shape of a case, and the
// context a case runs in (the stub's address, its dataset and a call counter).

import type { Middleware } from "openapi-fetch";

import type { Dataset } from "./expected.js";

export const OPERATIONS = [
  "ExportUserGroupUsersNew",
  "ExportUsersTemplate",
  "ExportAssetUserList",
  "listAssignedUser",
  "ListGroupUserGroups",
] as const;

export type OperationId = (typeof OPERATIONS)[number];

export interface Case {
  operation: OperationId;
  name: string;
  run: () => Promise<void>;
}

/** Every request of the run goes through this: it counts them and refuses any host but the
 * loopback, and any call beyond the bound. */
export class CallCounter {
  count = 0;

  constructor(private readonly limit: number) {}

  readonly middleware: Middleware = {
    onRequest: ({ request }) => {
      const url = new URL(request.url);
      if (url.hostname !== "127.0.0.1") {
        throw new Error(`refusing a request to ${request.url}: only 127.0.0.1 is allowed`);
      }
      this.count += 1;
      if (this.count > this.limit) {
        throw new Error(`more than ${this.limit} calls in one run`);
      }
      return undefined;
    },
  };
}

export interface Context {
  baseUrl: string;
  dataset: Dataset;
  calls: CallCounter;
  /** Per-request timeout, for every call. */
  timeoutMs: number;
}

/** A `fetch` that gives up after `ms` milliseconds. */
export function fetchWithTimeout(ms: number): (input: Request) => Promise<Response> {
  return (input: Request) => fetch(input, { signal: AbortSignal.timeout(ms) });
}
