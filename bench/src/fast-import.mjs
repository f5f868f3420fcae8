import { spawn } from "node:child_process";
import { gitEnv } from "./fixtures.mjs";

/**
 * Streams commits into `git fast-import`: one process writes tens of thousands of commits, where a `git commit` per
 * commit would dominate the fixture's setup. `commits` yields `{ ref, message, files: { path: content }, from? }`; marks chain commits per ref.
 */
export async function fastImport(dir, commits) {
  const child = spawn("git", ["fast-import", "--quiet", "--done"], {
    cwd: dir,
    env: gitEnv,
    stdio: ["pipe", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (c) => (stderr += c));
  const done = new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}: ${stderr}`)),
    );
  });
  let mark = 0;
  const last = new Map();
  let time = 1_700_000_000;
  const write = (text) =>
    child.stdin.write(text) ? Promise.resolve() : new Promise((r) => child.stdin.once("drain", r));
  for (const commit of commits) {
    mark += 1;
    time += 1;
    const message = Buffer.from(commit.message);
    let block = `commit ${commit.ref}\nmark :${mark}\ncommitter wo bench <bench@wo.invalid> ${time} +0000\ndata ${message.length}\n${message}\n`;
    const parent = last.get(commit.ref) ?? commit.from;
    if (parent) block += `from ${parent}\n`;
    for (const [file, content] of Object.entries(commit.files ?? {})) {
      const data = Buffer.from(content);
      block += `M 100644 inline ${file}\ndata ${data.length}\n${data}\n`;
    }
    await write(`${block}\n`);
    last.set(commit.ref, `:${mark}`);
  }
  await write("done\n");
  child.stdin.end();
  await done;
}
