import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Tmux } from "@wo/tmux";
import { git } from "@wo/worktree";
import { DEMO_AGENT_SOURCE } from "./demo-agent.js";
import { WoError } from "./errors.js";
import { readHistory } from "./history.js";
import { Orchestrator } from "./orchestrator.js";
import { planFromFiles } from "./planning.js";
import { shellQuote } from "./scripts.js";

/** Progress of {@link runDemo}: numbered steps, lines under them, and the integration report (markdown). */
export type DemoEvent =
  | { kind: "step"; index: number; total: number; title: string; detail: string }
  | { kind: "line"; text: string }
  | { kind: "report"; markdown: string };

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Keep the demo repository (and print where it is) instead of removing it. */
  keep?: boolean;
  /** Receives progress; the library itself never prints. */
  onEvent?: (event: DemoEvent) => void;
  /** Base environment (PATH for git and tmux). Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** How long the demo agent pauses between commits. Default 600 ms. */
  pauseMs?: number;
  /** Give up waiting for the workers after this long. Default 60 s. */
  timeoutMs?: number;
  /** Stops the demo (it still removes everything it created unless `keep`). */
  signal?: AbortSignal;
  /** Called (and awaited) once the demo repository exists, before any worker: where to watch it (`wo demo --dashboard`). */
  onRepository?: (where: { repository: string; env: NodeJS.ProcessEnv }) => Promise<void> | void;
}

/** What the demo did. */
export interface DemoResult {
  /** The demo repository (removed unless `keep`). */
  repository: string;
  kept: boolean;
  /** The tmux socket the workers ran on (never the user's server). */
  socket: string;
  durationMs: number;
  workers: string[];
  merged: string[];
  report: string;
  testPassed: boolean;
}

const REVIEW = `# Code review: login service

Findings from reviewing the login service. Fix the critical ones first.

## Critical Findings

1. **Null check missing in login**: \`src/auth/login.ts\` crashes on an empty password. Fix the null check.
2. Refactor the session store in \`src/auth/session.ts\` to expire idle sessions.

## Models

- [ ] Add the \`UserModel\` in \`src/models/user.ts\`
- [ ] Add email validation to \`src/models/user.ts\`

## API

- [ ] Add the users endpoint in \`src/api/users.ts\` using the UserModel
- [ ] Add pagination to the users endpoint in \`src/api/users.ts\`
`;

const FILES: Record<string, string> = {
  "README.md": "# demo service\n\nA tiny project for wo's demo.\n",
  "src/auth/login.ts":
    "export function login(user: string, password: string) {\n  return password.length > 0;\n}\n",
  "src/auth/session.ts": "export const sessions = new Map<string, number>();\n",
  "src/models/user.ts": "export interface User {\n  name: string;\n}\n",
  "src/api/users.ts": "export const routes = [];\n",
  "test.js": [
    "// The demo's test suite: every source file must carry the demo agent's work.",
    'const { readFileSync } = require("node:fs");',
    'const files = ["src/auth/login.ts", "src/auth/session.ts", "src/models/user.ts", "src/api/users.ts"];',
    'const missing = files.filter((f) => !readFileSync(f, "utf8").includes("// done:"));',
    'if (missing.length) { console.error("not done: " + missing.join(", ")); process.exit(1); }',
    'console.log("all " + files.length + " files done");',
    "",
  ].join("\n"),
  "docs/review.md": REVIEW,
};

/**
 * `wo demo`: the whole flow in a throw-away repository with wo's built-in scripted agent, so it runs without any AI
 * agent installed — sample document → plan → setup → workers in tmux (on a private socket) → monitor, with a
 * `[NEEDS]` resolved by a notification → conflict forecast → integration with a test run → report → cleanup.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = Date.now();
  const emit = options.onEvent ?? (() => undefined);
  const total = 8;
  const checkAborted = () => {
    if (options.signal?.aborted) throw new WoError("E_INTERRUPTED", "The demo was interrupted");
  };
  const step = (index: number, title: string, detail: string) => {
    checkAborted();
    emit({ kind: "step", index, total, title, detail });
  };
  const line = (text: string) => emit({ kind: "line", text });
  const root = await realpath(await mkdtemp(path.join(tmpdir(), "wo-demo-")));
  const repoDir = path.join(root, "repo");
  const socket = `wo-demo-${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
  const env: NodeJS.ProcessEnv = {
    ...(options.env ?? process.env),
    WO_TMUX_SOCKET: socket,
    WO_DEMO_PAUSE_MS: String(options.pauseMs ?? 600),
    // The demo commits with its own identity, whatever the user's git configuration says.
    GIT_AUTHOR_NAME: "wo demo",
    GIT_AUTHOR_EMAIL: "demo@wo.invalid",
    GIT_COMMITTER_NAME: "wo demo",
    GIT_COMMITTER_EMAIL: "demo@wo.invalid",
  };
  const tmux = new Tmux({ socket, env, configFile: null });
  const result: DemoResult = {
    repository: repoDir,
    kept: options.keep ?? false,
    socket,
    durationMs: 0,
    workers: [],
    merged: [],
    report: "",
    testPassed: false,
  };
  try {
    // 1. A repository with a few source files and a code review to work from.
    await mkdir(repoDir, { recursive: true });
    for (const [file, content] of Object.entries(FILES)) {
      await mkdir(path.dirname(path.join(repoDir, file)), { recursive: true });
      await writeFile(path.join(repoDir, file), content);
    }
    const run = (args: string[]) => git(args, { cwd: repoDir, env: env as Record<string, string> });
    await run(["init", "-q", "-b", "main"]);
    await run(["-c", "commit.gpgsign=false", "add", "."]);
    await run(["-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", "demo service"]);
    await run(["config", "commit.gpgsign", "false"]);
    step(1, "Repository", `${repoDir} (4 source files, docs/review.md)`);
    await options.onRepository?.({ repository: repoDir, env });

    // 2. Plan.
    const planning = await planFromFiles(["docs/review.md"], { cwd: repoDir });
    const plan = planning.plan;
    result.workers = plan.workers.map((w) => w.name);
    step(
      2,
      "Plan",
      `${plan.items.length} work items → ${plan.workers.length} workers (${plan.assessment.mode})`,
    );
    for (const w of plan.workers) {
      line(
        `${w.name}: ${w.items.length} item(s) in ${w.scope.join(", ")}${w.dependsOn.length ? `, waits for ${w.dependsOn.join(", ")}` : ""}`,
      );
    }

    // 3. Setup with the built-in scripted agent.
    const agentFile = path.join(root, "demo-agent.cjs");
    await writeFile(agentFile, DEMO_AGENT_SOURCE);
    const wo = await Orchestrator.open({ cwd: repoDir, env });
    const setup = await wo.setup(plan, {
      spawn: true,
      agentCmd: `${shellQuote(process.execPath)} ${shellQuote(agentFile)} {prompt_file}`,
    });
    if (setup.failed > 0) throw new Error(`setup failed: ${setup.workers.find((w) => w.error)?.error}`);
    step(
      3,
      "Setup",
      `${setup.workers.length} worktrees, branches, kickoff prompts and launch scripts; agents started in tmux (-L ${socket})`,
    );

    // 4. Monitor until every worker is finished, notifying the one that waits.
    step(4, "Monitor", "following the workers' commits; notifying satisfied [NEEDS]");
    const seen = new Set<string>();
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    const base = await wo.baseBranch();
    for (;;) {
      const history = await readHistory(wo.repo, wo.config.branchPrefix, base);
      for (const branch of history.branches) {
        for (const commit of [...branch.commits].reverse()) {
          if (seen.has(commit.sha) || commit.parents.length > 1) continue;
          seen.add(commit.sha);
          line(`${branch.worker.padEnd(14)} ${commit.subject}`);
        }
      }
      checkAborted();
      const report = await wo.monitor();
      checkAborted();
      for (const n of await wo.notifySatisfiedNeeds(report)) {
        if (n.submitted) line(`→ notified ${n.worker}: ${n.item} from ${n.provider} is available`);
        else line(`→ could not notify ${n.worker}: ${n.error}`);
      }
      checkAborted();
      const statuses = await wo.status();
      if (statuses.every((s) => s.status === "done" || s.status === "failed" || s.status === "dead")) {
        const bad = statuses.filter((s) => s.status !== "done");
        if (bad.length > 0)
          throw new Error(
            `worker(s) did not finish: ${bad.map((s) => `${s.feature} (${s.status})`).join(", ")}`,
          );
        line(`all ${statuses.length} workers done`);
        break;
      }
      if (Date.now() > deadline) throw new Error("the workers did not finish in time");
      checkAborted();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    // 5. Conflict forecast, 6. integration with the project's tests, 7. the report.
    const forecast = await wo.forecast("demo");
    const pairs = forecast.forecast.pairs.filter((p) => !p.clean).length;
    step(
      5,
      "Forecast",
      `${forecast.merged.length} of ${forecast.selection.workers.length} merge cleanly, ${pairs} conflicting pair(s); order ${forecast.forecast.suggestion.order.join(", ")}`,
    );
    const integration = await wo.integrate("demo", {
      test: `${shellQuote(process.execPath)} test.js`,
      into: "main",
    });
    result.merged = integration.merged;
    result.testPassed = integration.test?.passed ?? false;
    step(
      6,
      "Integrate",
      `${integration.branch}: merged ${integration.merged.join(", ")} with --no-ff; test ${result.testPassed ? "passed" : "FAILED"}`,
    );
    line(`then into main (only after the test passed): ${integration.into?.status ?? "not attempted"}`);
    result.report = integration.report;
    step(7, "Report", `${path.relative(repoDir, integration.reportFile)} (usable as a PR body)`);
    emit({ kind: "report", markdown: integration.report });

    // 8. Cleanup.
    const cleaned = await wo.cleanup({ integration: "demo" });
    const removed = cleaned.items.filter((i) => i.action === "removed");
    step(
      8,
      "Cleanup",
      `${cleaned.sessions.length} sessions killed, ${removed.filter((i) => i.kind === "worktree").length} worktrees removed, ${removed.filter((i) => i.kind === "branch").length} merged branches deleted (git branch -d)`,
    );
    return result;
  } finally {
    await tmux.killServer().catch(() => undefined);
    // kill-server leaves the socket file behind; the demo leaves nothing.
    await rm(tmux.socketPath, { force: true }).catch(() => undefined);
    // Agents killed with the server may still be finishing a write (a commit, a status file): retry what they
    // recreate instead of leaving a half-removed repository behind.
    if (!options.keep) await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    result.durationMs = Date.now() - started;
  }
}
