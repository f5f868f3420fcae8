/**
 * wo's built-in scripted agent, for `wo demo`: it follows the worker protocol like an AI agent would, without any AI.
 * In its worktree it reads `.worktree.json`, and for each task edits a file in its scope and commits `[CHECKPOINT]`;
 * a worker that depends on another first commits `[NEEDS:<worker>/<item>]` and waits for the orchestrator's "Resume
 * Work" prompt on its terminal, merges the named branch, and goes on; at the end it writes `.worker-result.md`,
 * commits `[COMPLETE]` and sets `.worker-status` to done.
 *
 * Self-contained on purpose: it is written to a file with `Function.prototype.toString` and run by node.
 */
function demoAgent(load: (id: string) => unknown): void {
  const fs = load("node:fs") as typeof import("node:fs");
  const cp = load("node:child_process") as typeof import("node:child_process");
  const readline = load("node:readline") as typeof import("node:readline");
  const path = load("node:path") as typeof import("node:path");
  const meta = JSON.parse(fs.readFileSync(".worktree.json", "utf8")) as {
    feature: string;
    scope?: string[];
    tasks?: string[];
    dependsOn?: string[];
  };
  const scope = meta.scope ?? [];
  const tasks = meta.tasks ?? [];
  const pause = Number(process.env.WO_DEMO_PAUSE_MS ?? "600");
  const git = (...args: string[]) =>
    cp.execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const say = (text: string) => console.log(`[${meta.feature}] ${text}`);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const lines: string[] = [];
  let onLine: ((line: string) => void) | null = null;
  readline.createInterface({ input: process.stdin }).on("line", (line) => {
    lines.push(line);
    onLine?.(line);
  });
  const waitForLine = (match: (line: string) => boolean, timeoutMs: number) =>
    new Promise<string | null>((resolve) => {
      const seen = lines.find(match);
      if (seen !== undefined) return resolve(seen);
      const timer = setTimeout(() => resolve(null), timeoutMs);
      onLine = (line) => {
        if (match(line)) {
          clearTimeout(timer);
          onLine = null;
          resolve(line);
        }
      };
    });
  const fileFor = (task: string) => {
    const mentioned = task.match(/[\w./-]+\.[a-z]{1,4}\b/g) ?? [];
    const inScope = (f: string) =>
      scope.length === 0 || scope.some((s) => (s.endsWith("/") ? f.startsWith(s) : f === s));
    const pick = mentioned.find(inScope);
    if (pick) return pick;
    const first = scope[0] ?? "notes.md";
    return first.endsWith("/") ? `${first}demo.ts` : first;
  };
  const edit = (task: string) => {
    const file = fileFor(task);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, `// done: ${task.replace(/[\r\n]+/g, " ")}\n`);
    git("add", "--", file);
    return file;
  };
  const commit = (message: string) => {
    git("commit", "--quiet", "--allow-empty", "-m", message);
    say(message);
  };

  (async () => {
    say(`starting on ${tasks.length} task(s) in ${scope.join(", ") || "the repository"}`);
    const changed = new Set<string>();
    const dependsOn = meta.dependsOn ?? [];
    if (dependsOn.length > 0) {
      const item = tasks.join(" ").match(/\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b/)?.[0] ?? "output";
      commit(`[NEEDS:${dependsOn[0]}/${item}] waiting for ${item} before the remaining work`);
      const resume = await waitForLine((l) => l.includes("is now available"), 45_000);
      if (resume === null) {
        commit(`[BLOCKED:no-notification] ${item} never arrived`);
        fs.writeFileSync(".worker-result.md", `# ${meta.feature}\n\nBlocked: ${item} never arrived.\n`);
        fs.writeFileSync(".worker-status.tmp", "failed\n");
        fs.renameSync(".worker-status.tmp", ".worker-status");
        process.exit(1);
      }
      const mergeLine = await waitForLine((l) => /^\s*git merge \S+/.test(l), 5_000);
      const branch = mergeLine?.trim().split(/\s+/)[2];
      if (branch) {
        git("merge", "--quiet", "--no-edit", branch);
        say(`merged ${branch}: ${item} is here`);
      }
    }
    for (const task of tasks) {
      await sleep(pause);
      changed.add(edit(task));
      commit(`[CHECKPOINT] ${task.replace(/[\r\n]+/g, " ").slice(0, 120)}`);
    }
    await sleep(pause);
    const result = [
      `# ${meta.feature}`,
      "",
      "Done by wo's demo agent:",
      ...tasks.map((t) => `- ${t}`),
      "",
      "Files changed:",
      ...[...changed].map((f) => `- ${f}`),
      "",
    ].join("\n");
    fs.writeFileSync(".worker-result.md", result);
    commit(`[COMPLETE] ${tasks.length} task(s) done`);
    fs.writeFileSync(".worker-status.tmp", "done\n");
    fs.renameSync(".worker-status.tmp", ".worker-status");
    console.log("Work complete");
    process.exit(0);
  })();
}

/** Source of the demo agent script (CommonJS, run with node). */
export const DEMO_AGENT_SOURCE = `(${demoAgent.toString()})(require);\n`;
