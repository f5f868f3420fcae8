import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { onTestFinished } from "vitest";

/**
 * A fresh directory under the OS temp dir, with symlinks resolved (macOS /var → /private/var). Made inside a test,
 * it is removed when that test finishes (after its `afterEach` hooks); made outside one (`beforeAll`, module scope),
 * it is the caller's to remove.
 */
export async function tempDir(prefix = "wo-test-"): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), prefix)));
  try {
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
  } catch {
    // Not inside a test body: vitest has no test to attach the removal to.
  }
  return dir;
}
