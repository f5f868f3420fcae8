import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Orchestrator } from "@wo/core";
import {
  assertTmuxInstalled,
  createGitRepo,
  createIsolatedTmux,
  fixtureAgentCmd,
  type GitRepo,
  type IsolatedTmux,
  tempDir,
  waitFor,
} from "@wo/test-utils";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Dashboard, startDashboard } from "../src/index.js";

/**
 * The dashboard in a real browser (system Chromium driven by playwright-core) against three real workers: fixture
 * agents in tmux on an isolated server, with real commits on their branches. Screenshots of every view go to
 * test-artifacts/ (gitignored).
 */
const CHROMIUM = process.env.WO_CHROMIUM ?? "/usr/bin/chromium";
const ARTIFACTS = new URL("../test-artifacts/", import.meta.url).pathname;
// The flags Chromium needs here: headless as root, and nothing that reaches the network on its own.
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

let repo: GitRepo;
let server: IsolatedTmux;
let wo: Orchestrator;
let dashboard: Dashboard;
let browser: BrowserContext;
let profile: string;
let page: Page;

beforeAll(async () => {
  await assertTmuxInstalled();
  repo = await createGitRepo();
  server = createIsolatedTmux();
  const env = { ...process.env, ...server.env };
  wo = await Orchestrator.open({ cwd: repo.dir, env });
  // A plan of three workers: ui and docs depend on api; ui and api both change shared.txt (a conflicting pair).
  await worker("api", "hang", { workerId: "task-1", items: ["item-1"], scope: ["src/api/", "shared.txt"] }, [
    ["[CHECKPOINT] api: shared settings", { "shared.txt": "api\n", "src/api/index.ts": "export {};\n" }],
  ]);
  await worker("ui", "echo", { workerId: "task-2", items: ["item-2"], dependsOn: ["task-1"] }, [
    ["[CHECKPOINT] ui: shared settings", { "shared.txt": "ui\n" }],
    ["[NEEDS:task-1/item-1] ui: waiting for the API client", {}],
  ]);
  await worker("docs", "hang", { workerId: "task-3", items: ["item-3"], dependsOn: ["task-1"] }, [
    ["[BLOCKED:the API has no schema yet] docs: outline", { "docs/api.md": "# API\n" }],
  ]);
  // A long interval: whatever reaches the page within the test came from the file watcher, not the timer.
  dashboard = await startDashboard({ cwd: repo.dir, env, intervalMs: 120_000 });
  await mkdir(ARTIFACTS, { recursive: true });
  // A fresh profile (made outside a test, so removed in afterAll).
  profile = await tempDir("wo-chromium-");
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1280, height: 800 },
  });
  page = await browser.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
  await dashboard?.close();
  await server?.cleanup();
  await repo?.cleanup();
});

// Spawns a fixture agent for `feature`, records its plan keys in `.worktree.json`, and commits on its branch.
async function worker(
  feature: string,
  mode: "hang" | "echo",
  plan: Record<string, unknown>,
  commits: Array<[string, Record<string, string>]>,
): Promise<void> {
  await wo.addWorktree(feature);
  await wo.spawn(feature, `Build the ${feature}`, { agentCmd: fixtureAgentCmd(mode) });
  const dir = wo.worktreePath(feature);
  const metaFile = path.join(dir, ".worktree.json");
  const meta = JSON.parse(await readFile(metaFile, "utf8")) as Record<string, unknown>;
  await writeFile(metaFile, JSON.stringify({ ...meta, ...plan }, null, 2));
  for (const [subject, files] of commits) await repo.commit(subject, files, { cwd: dir });
}

const shot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const row = (feature: string) => page.locator(`tr[data-worker="${feature}"]`);

describe("wo dashboard in Chromium", () => {
  test("shows the three workers with their status, commit prefix and scope", async () => {
    await page.goto(dashboard.url);
    await page.locator('[data-testid="connection"]', { hasText: "live" }).waitFor();
    await expect.poll(() => page.locator("tr[data-worker]").count(), { timeout: 15_000 }).toBe(3);
    // The commit prefixes come with the monitor's part of the state, a moment after the status rows.
    await row("docs").locator(".prefix.blocked").waitFor();
    expect(await row("api").getAttribute("data-status")).toBe("running");
    expect(await row("docs").textContent()).toContain("[BLOCKED] the API has no schema yet");
    expect(await row("ui").textContent()).toContain("[NEEDS]");
    expect(await row("api").textContent()).toContain("src/api/, shared.txt");
    await shot("workers");
  });

  test("a worker finishing appears within 2 s without a reload", async () => {
    const dir = wo.worktreePath("api");
    // What the agent does when it finishes (the worker file protocol): result, then status.
    await writeFile(path.join(dir, ".worker-result.md"), "# Result\n\nThe API is done.\n");
    await writeFile(path.join(dir, ".worker-status"), "done\n");
    await page.locator('tr[data-worker="api"][data-status="done"]').waitFor({ timeout: 2000 });
  });

  test("a message sent from the page reaches the agent", async () => {
    await row("ui").click();
    const actions = page.locator('[data-testid="actions-ui"]');
    await actions.locator('input[name="message"]').fill("please rebase on the API branch");
    await actions.locator('button[type="submit"]').click();
    await actions.locator(".note", { hasText: "Sent to ui" }).waitFor();
    const input = path.join(wo.worktreePath("ui"), ".agent-input.txt");
    const received = await waitFor(async () => {
      const text = await readFile(input, "utf8").catch(() => "");
      return text.includes("please rebase on the API branch") && text;
    });
    expect(received).toContain("please rebase on the API branch");
    await page.locator('[data-testid="worker-detail"] pre.diff').waitFor();
    await shot("worker-detail");
  });

  test("the worker detail shows the result, commits and the highlighted diff", async () => {
    await row("api").click();
    const detail = page.locator('[data-testid="worker-detail"]');
    await detail.locator('[data-testid="result"]', { hasText: "The API is done." }).waitFor();
    expect(await detail.locator("table.commits").textContent()).toContain("api: shared settings");
    expect(await detail.locator("pre.diff .hljs-addition").count()).toBeGreaterThan(0);
  });

  test("killing a running worker needs a confirmation", async () => {
    await row("docs").click();
    const kill = page.locator('[data-testid="actions-docs"] button.danger');
    page.once("dialog", (dialog) => void dialog.dismiss());
    await kill.click();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await row("docs").getAttribute("data-status")).toBe("running");
    page.once("dialog", (dialog) => void dialog.accept());
    await kill.click();
    await page.locator('tr[data-worker="docs"][data-status="idle"]').waitFor({ timeout: 10_000 });
  });

  test("a hidden page closes its event stream; shown again, it shows what changed meanwhile", async () => {
    // The page's visibility as a background tab has it (the test's own code has no DOM types: a script).
    const setHidden = (hidden: boolean) =>
      page.evaluate(`(() => {
        Object.defineProperty(document, "hidden", { value: ${hidden}, configurable: true });
        Object.defineProperty(document, "visibilityState", { value: "${hidden ? "hidden" : "visible"}", configurable: true });
        document.dispatchEvent(new Event("visibilitychange"));
      })()`);
    const connection = page.locator('[data-testid="connection"]');
    await setHidden(true);
    await connection.filter({ hasText: "reconnecting" }).waitFor();
    await writeFile(path.join(wo.worktreePath("docs"), ".worker-status"), "failed\n");
    await waitFor(async () => (await wo.status("docs"))[0]?.status === "failed");
    expect(await row("docs").getAttribute("data-status")).toBe("idle");
    await setHidden(false);
    await connection.filter({ hasText: "live" }).waitFor();
    await page.locator('tr[data-worker="docs"][data-status="failed"]').waitFor({ timeout: 10_000 });
  });

  test("the plan graph renders workers, items, dependencies and the highlighted [NEEDS] and blocked edges", async () => {
    await page.getByRole("button", { name: "Plan graph" }).click();
    const graph = page.locator('svg[data-testid="plan-graph"]');
    await graph.waitFor();
    expect(await graph.locator("g.node.worker").count()).toBe(3);
    expect(await graph.locator("g.node.item").count()).toBe(3);
    expect(await graph.locator('polyline[data-edge="depends"]').count()).toBe(2);
    expect(await graph.locator('polyline[data-edge="needs"].highlighted').count()).toBe(1);
    expect(await graph.locator("g.node.blocked").count()).toBe(1);
    await shot("plan-graph");
  });

  test("the conflict matrix renders the pair that conflicts and the pairs that merge cleanly", async () => {
    await page.getByRole("button", { name: "Conflict forecast" }).click();
    const matrix = page.locator('[data-testid="conflict-matrix"]');
    await matrix.waitFor();
    expect(await matrix.locator('td.conflict[data-pair="api|ui"]').getAttribute("title")).toBe("shared.txt");
    expect(await matrix.locator('td.clean[data-pair="api|docs"]').count()).toBe(1);
    await shot("conflict-matrix");
  });

  test("the integration view runs a dry run of the finished workers", async () => {
    await page.getByRole("button", { name: "Integration" }).click();
    await page.getByRole("button", { name: "Dry run" }).click();
    const result = page.locator('[data-testid="dry-run"]');
    await result.waitFor();
    expect(await result.textContent()).toContain("integration/dashboard");
    expect(await result.textContent()).toContain("api");
    expect(await repo.git(["branch", "--list", "integration/*"])).toBe("");
    await shot("integration");
  });

  test("a request without the token is refused", async () => {
    const base = `http://127.0.0.1:${dashboard.port}`;
    const response = await page.goto(`${base}/`);
    expect(response?.status()).toBe(401);
    expect((await fetch(`${base}/api/events`)).status).toBe(401);
  });
});
