import { mkdtemp, realpath } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** A fresh directory under the OS temp dir, with symlinks resolved (macOS /var → /private/var). */
export async function tempDir(prefix = "wo-test-"): Promise<string> {
  return realpath(await mkdtemp(path.join(tmpdir(), prefix)));
}
