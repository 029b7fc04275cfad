// The few pieces every case file shares: the operation ids, the shape of a case, and the
// context a case runs in (the stub's address, its dataset and a call counter).

import assert from "node:assert/strict";

import type { Middleware } from "openapi-fetch";

import type { Dataset } from "./expected.js";

export const OPERATIONS = [
  "ExportUserGroupUsersNew",
  "ExportUsersTemplate",
  "ExportAssetUserList",
  "listAssignedUser",
  "ListGroupUserGroups",
  "ListExportTasks",
  "DownloadExportFile",
  "ExportTasks",
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

  /** Counts a request to `url`, or throws when it may not be made. */
  check(url: string): void {
    if (new URL(url).hostname !== "127.0.0.1") {
      throw new Error(`refusing a request to ${url}: only 127.0.0.1 is allowed`);
    }
    this.count += 1;
    if (this.count > this.limit) {
      throw new Error(`more than ${this.limit} calls in one run`);
    }
  }

  readonly middleware: Middleware = {
    onRequest: ({ request }) => {
      this.check(request.url);
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

/** An export task as created: its id and when the request was sent and answered, which
 * bound the creation time the stub gave it. */
export interface Export {
  taskId: string;
  sentMs: number;
  answeredMs: number;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How often the cases poll an export task, and for how long at most. */
export const POLL_INTERVAL_MS = 100;
export const POLL_TIMEOUT_MS = 10_000;
/** Slack between this process's clock readings and the stub's, which read the same system
 * clock at other moments (and truncate to milliseconds). */
export const MARGIN_MS = 5;

/** A `fetch` that gives up after `ms` milliseconds. */
export function fetchWithTimeout(ms: number): (input: Request) => Promise<Response> {
  return (input: Request) => fetch(input, { signal: AbortSignal.timeout(ms) });
}

/** One answer to a poll, and when it was asked and answered. */
export interface Timed<T> {
  sentMs: number;
  answeredMs: number;
  answer: T;
}

/** Calls `ask` every POLL_INTERVAL_MS while `pending` holds of its answer (which may also
 * check what a pending answer must say), for at most POLL_TIMEOUT_MS; every answer, in order. */
export async function pollWhile<T>(ask: () => Promise<T>, pending: (answer: T) => boolean, what: string): Promise<Timed<T>[]> {
  const polls: Timed<T>[] = [];
  const deadline = Date.now() + POLL_TIMEOUT_MS;
  for (;;) {
    const sentMs = Date.now();
    const answer = await ask();
    const answeredMs = Date.now();
    polls.push({ sentMs, answeredMs, answer });
    if (!pending(answer)) return polls;
    assert.ok(Date.now() < deadline, `${what} after ${POLL_TIMEOUT_MS} ms`);
    await sleep(POLL_INTERVAL_MS);
  }
}
