// The typescript-client suite: calls every operation of every document through openapi-fetch,
// typed by openapi-typescript's output, against a stub server it starts itself. Exits non-zero
// if any case fails, and writes target/coverage/typescript-client.json either way.
//
// Environment: STUB_SERVER_BIN, the stub binary (default target/release/stub-server, relative
// to the repository root).

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";

import { codeartsCases } from "./codearts.js";
import { enosCases } from "./enos.js";
import type { Dataset } from "./expected.js";
import { CallCounter, type Case, type Context, OPERATIONS, type OperationId } from "./harness.js";
import { ROOT, startStub } from "./stub.js";
import { tencentCases } from "./tencent.js";
import { workspaceCases } from "./workspace.js";

const SUITE = "typescript-client";
const MAX_CALLS = 200;
const REQUEST_TIMEOUT_MS = 10_000;
const SUITE_TIMEOUT_MS = 120_000;


type Coverage = Record<OperationId, { passed: boolean; cases: number }>;

function writeCoverage(coverage: Coverage): void {
  const dir = resolve(ROOT, "target/coverage");
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, `${SUITE}.json`), `${JSON.stringify({ suite: SUITE, operations: coverage }, null, 2)}\n`);
}

function emptyCoverage(): Coverage {
  return Object.fromEntries(OPERATIONS.map((op) => [op, { passed: false, cases: 0 }])) as Coverage;
}

async function main(): Promise<number> {
  const configured = process.env["STUB_SERVER_BIN"] ?? "target/release/stub-server";
  const binary = isAbsolute(configured) ? configured : resolve(ROOT, configured);
  const dataset = JSON.parse(
    execFileSync(binary, ["--dump-fixtures"], { encoding: "utf8", timeout: 60_000, maxBuffer: 64 << 20 }),
  ) as Dataset;

  const stub = await startStub(binary);
  console.log(`[${SUITE}] stub at ${stub.baseUrl}`);
  const calls = new CallCounter(MAX_CALLS);
  const coverage = emptyCoverage();
  let failures = 0;
  try {
    const ctx: Context = { baseUrl: stub.baseUrl, dataset, calls, timeoutMs: REQUEST_TIMEOUT_MS };
    const cases: Case[] = [...workspaceCases(ctx), ...tencentCases(ctx), ...enosCases(ctx), ...codeartsCases(ctx)];
    for (const op of OPERATIONS) coverage[op].passed = true;
    for (const c of cases) {
      coverage[c.operation].cases += 1;
      try {
        await c.run();
        console.log(`ok     ${c.operation}: ${c.name}`);
      } catch (error) {
        failures += 1;
        coverage[c.operation].passed = false;
        console.log(`FAILED ${c.operation}: ${c.name}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    }
    for (const op of OPERATIONS) if (coverage[op].cases === 0) coverage[op].passed = false;
    console.log(`[${SUITE}] ${cases.length - failures} of ${cases.length} cases passed; ${calls.count} HTTP calls to the stub`);
  } finally {
    writeCoverage(coverage);
    const code = await stub.stop();
    if (code !== 0) {
      console.log(`FAILED the stub exited with ${code} after SIGTERM`);
      failures += 1;
    }
  }
  return failures === 0 ? 0 : 1;
}

const watchdog = setTimeout(() => {
  console.error(`[${SUITE}] gave up after ${SUITE_TIMEOUT_MS} ms`);
  process.exit(1); // the stub is sent SIGTERM by the exit handler in stub.ts
}, SUITE_TIMEOUT_MS);
watchdog.unref();

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    try {
      writeCoverage(emptyCoverage());
    } catch {
      // the error above is what matters
    }
    process.exitCode = 1;
  },
);
