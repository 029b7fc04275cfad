// Starts the stub server on a free loopback port and stops it with SIGTERM; and where the
// repository is, which the stub binary and the shared data files are found from.

import { spawn, type ChildProcess } from "node:child_process";
import { dirname, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The repository root: this file runs from tests/clients/typescript/build/, four levels below. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

export interface RunningStub {
  baseUrl: string;
  /** Sends SIGTERM and waits for the exit; resolves to the exit code (null if it was killed
   * by a signal after not stopping in time). */
  stop(): Promise<number | null>;
}

const ANNOUNCEMENT = "stub-server listening on ";

export async function startStub(binary: string, startupMs = 15_000): Promise<RunningStub> {
  const child: ChildProcess = spawn(binary, ["--listen", "127.0.0.1:0"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
  });
  // Whatever happens to this script, the stub does not outlive it.
  const killOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  };
  process.once("exit", killOnExit);

  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const code = await exited;
      clearTimeout(timer);
      process.removeListener("exit", killOnExit);
      return code;
    }
    process.removeListener("exit", killOnExit);
    return child.exitCode;
  };

  const stdout = child.stdout;
  if (!stdout) throw new Error("the stub's stdout is not a pipe");
  const lines = createInterface({ input: stdout });
  try {
    const first = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the stub did not start within ${startupMs} ms`)), startupMs);
      lines.once("line", (line) => {
        clearTimeout(timer);
        resolve(line);
      });
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`the stub exited with ${code} before announcing its address`));
      });
    });
    if (!first.startsWith(ANNOUNCEMENT)) {
      throw new Error(`unexpected first line from the stub: ${JSON.stringify(first)}`);
    }
    const baseUrl = first.slice(ANNOUNCEMENT.length).trim();
    if (!baseUrl.startsWith("http://127.0.0.1:")) {
      throw new Error(`the stub listens on ${baseUrl}, not on the loopback`);
    }
    // Keep draining stdout so the stub never blocks on a full pipe.
    lines.on("line", () => undefined);
    return { baseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
