import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { tempDir } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import type { LaunchContext } from "./adapter.js";
import {
  acceptClaudeConsent,
  apiKeySuffix,
  claudeConfigFile,
  claudeConsentProblems,
} from "./claude-config.js";
import { withClaudeSettings } from "./claude-settings.js";
import { resolveAgent, resolveWorkerAgent } from "./index.js";
import { launchArgvWithoutPrompt, planLaunch } from "./launch.js";

const prompt = { text: "do it; --settings {prompt_file}\n$(x)", file: "/state/prompt.md" };

function context(over: Partial<LaunchContext> = {}): LaunchContext {
  return {
    feature: "auth",
    worktree: "/repo/.worktrees/auth",
    repoRoot: "/repo",
    stateDir: "/repo/.git/wo/agents/auth",
    env: { HOME: "/nonexistent-home", IS_SANDBOX: "1" },
    ...over,
  };
}

/** The content a plan writes to `file` (the last planned write wins, as spawn writes them in order). */
function settingsFile(plan: { files: Array<{ path: string; content: string }> }, file: string): string {
  const found = plan.files.filter((f) => f.path === file).at(-1);
  if (!found) throw new Error(`the plan writes no ${file}`);
  return found.content;
}

/** The argv without the hook wiring's `-c notify=[…]` (tested in hooks.test.ts). */
function withoutNotify(argv: readonly string[]): string[] {
  return argv.filter(
    (arg, i) => !arg.startsWith("notify=") && !(arg === "-c" && argv[i + 1]?.startsWith("notify=")),
  );
}

describe("what each adapter adds per run", () => {
  test("claude pre-accepts the bypass-permissions warning in one --settings, the prompt stays one last argument", () => {
    const plan = planLaunch(resolveAgent({ agent: "claude" }), prompt, context());
    // One --settings: wo's own file, which its hook wiring writes with the warning pre-accepted.
    const own = "/repo/.git/wo/agents/auth/claude-settings.json";
    expect(plan.argv).toEqual(["claude", "--settings", own, "--dangerously-skip-permissions", prompt.text]);
    expect(JSON.parse(settingsFile(plan, own))).toMatchObject({ skipDangerousModePermissionPrompt: true });
    expect(plan.firstMessage).toBeNull();
  });

  test("claude merges the template's own inline --settings instead of passing a second one", () => {
    const spec = resolveAgent({
      agentCmd: `claude --settings '{"model":"x","hooks":{"Stop":[1]}}' {prompt}`,
    });
    const plan = planLaunch(spec, prompt, context());
    expect(plan.argv.filter((a) => a === "--settings")).toHaveLength(1);
    const settings = JSON.parse(settingsFile(plan, plan.argv[2] as string));
    expect(settings).toMatchObject({ model: "x", skipDangerousModePermissionPrompt: true });
    expect(settings.hooks.Stop[0]).toBe(1);
  });

  test("claude reads a --settings file of the template, relative to the worktree, and merges hooks per event", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "s.json"), JSON.stringify({ hooks: { Stop: ["mine"] }, theme: "dark" }));
    const argv = withClaudeSettings(
      ["claude", "--settings=s.json", "{prompt}"],
      { hooks: { Stop: ["wo"], Notification: ["wo"] } },
      dir,
    );
    expect(argv[0]).toBe("claude");
    expect(JSON.parse(argv[2] as string)).toEqual({
      theme: "dark",
      hooks: { Stop: ["mine", "wo"], Notification: ["wo"] },
    });
    expect(argv.slice(3)).toEqual(["{prompt}"]);
  });

  test("an unreadable --settings file is one clear error naming it", () => {
    expect(() => withClaudeSettings(["claude", "--settings", "missing.json"], {}, "/nowhere")).toThrow(
      /Cannot read Claude Code settings from \/nowhere\/missing\.json/,
    );
  });

  test("codex runs without the shared daemon, trusts the worktree inline and skips the update check", () => {
    const plan = planLaunch(resolveAgent({ agent: "codex" }), prompt, context());
    expect(withoutNotify(plan.argv)).toEqual([
      "codex",
      "--no-daemon",
      "-c",
      'projects={"/repo/.worktrees/auth"={trust_level="trusted"}}',
      "-c",
      "check_for_update_on_startup=false",
      "--dangerously-bypass-approvals-and-sandbox",
      prompt.text,
    ]);
  });

  test("codex keeps the template's own daemon flag and overrides", () => {
    const spec = resolveAgent({
      agentCmd: "codex --no-daemon -c projects={} -c check_for_update_on_startup=true",
    });
    expect(withoutNotify(launchArgvWithoutPrompt(spec, context()))).toEqual([
      "codex",
      "--no-daemon",
      "-c",
      "projects={}",
      "-c",
      "check_for_update_on_startup=true",
      "{prompt}",
    ]);
  });

  test("a worktree path with quotes is escaped inside codex's TOML inline table", () => {
    const argv = launchArgvWithoutPrompt(
      resolveAgent({ agent: "codex" }),
      context({ worktree: '/w/a"b\\c' }),
    );
    expect(withoutNotify(argv)[3]).toBe('projects={"/w/a\\"b\\\\c"={trust_level="trusted"}}');
  });

  test("gemini trusts the worktree through its environment variable", () => {
    const plan = planLaunch(resolveAgent({ agent: "gemini" }), prompt, context());
    expect(plan.env).toMatchObject({ GEMINI_CLI_TRUST_WORKSPACE: "true" });
    expect(plan.argv).toEqual(["gemini", "--yolo", "--prompt-interactive", prompt.text]);
  });

  test("aider starts interactive and gets the prompt as its first typed message", () => {
    const plan = planLaunch(resolveAgent({ agent: "aider" }), prompt, context());
    expect(plan.argv).toEqual(["aider", "--yes-always"]);
    expect(plan.firstMessage).toBe(prompt.text);
  });

  test("an aider command with a placeholder gets the prompt as an argument, as written", () => {
    const plan = planLaunch(resolveAgent({ agentCmd: "aider --message {prompt}" }), prompt, context());
    expect(plan.argv).toEqual(["aider", "--message", prompt.text]);
    expect(plan.firstMessage).toBeNull();
  });

  test("a generic command is started as written, the prompt appended", () => {
    const plan = planLaunch(resolveAgent({ agentCmd: "mycli --go" }), prompt, context());
    expect(plan).toMatchObject({ argv: ["mycli", "--go", prompt.text], env: {}, firstMessage: null });
    // Its only file is the hook state saying it has no hooks.
    expect(plan.files.map((f) => path.basename(f.path))).toEqual(["hook-state.json"]);
  });
});

describe("resolveWorkerAgent", () => {
  const recorded = { name: "aider", template: "aider --yes-always" };
  const defaults = { agent: "claude" };

  test("an agent chosen now wins over the recorded one", () => {
    expect(resolveWorkerAgent({ agent: "codex" }, recorded, defaults).name).toBe("codex");
    expect(resolveWorkerAgent({ agentCmd: "my {prompt}" }, recorded, defaults).template).toBe("my {prompt}");
  });

  test("the recorded agent comes before the configured default", () => {
    const spec = resolveWorkerAgent({}, recorded, defaults);
    expect(spec).toMatchObject({ name: "aider", template: "aider --yes-always" });
    expect(spec.adapter.name).toBe("aider");
  });

  test("a recorded name that no longer names the recorded template gives way to the program's name", () => {
    const spec = resolveWorkerAgent({}, { name: "codex", template: "/opt/aider --model x" }, defaults);
    expect(spec).toMatchObject({ name: "aider", template: "/opt/aider --model x" });
    expect(spec.adapter.name).toBe("aider");
  });

  test("without a recorded agent the configured default is used", () => {
    expect(resolveWorkerAgent({}, { name: null, template: null }, defaults).name).toBe("claude");
  });
});

describe("Claude Code's one-time consent", () => {
  async function home(config: unknown): Promise<{ env: NodeJS.ProcessEnv; file: string; repo: string }> {
    const dir = await tempDir();
    const repo = path.join(dir, "repo");
    await mkdir(path.join(repo, ".worktrees", "auth"), { recursive: true });
    const file = path.join(dir, ".claude.json");
    if (config !== undefined) await writeFile(file, JSON.stringify(config), { mode: 0o600 });
    return { env: { HOME: dir, IS_SANDBOX: "1" }, file, repo };
  }
  const at = (repo: string, env: NodeJS.ProcessEnv) =>
    context({ repoRoot: repo, worktree: path.join(repo, ".worktrees", "auth"), env });
  const argv = ["claude", "--dangerously-skip-permissions"];

  test("a missing state file means onboarding and trust are missing, each with what to do", async () => {
    const { env, repo } = await home(undefined);
    const problems = claudeConsentProblems(argv, at(repo, env));
    expect(problems.map((p) => [p.kind, p.fixable])).toEqual([
      ["onboarding", false],
      ["trust", true],
    ]);
    expect(problems[1]?.message).toBe(
      `Claude Code does not trust ${repo} yet (its "Do you trust this folder?" dialog would block the worker)`,
    );
    expect(problems[1]?.hint).toBe(
      `Run claude once in ${repo} and answer yes, or let wo record the answer: wo doctor --fix`,
    );
  });

  test("the repository's trust covers its worktrees, and so does the trust of a directory above it", async () => {
    const a = await home({ hasCompletedOnboarding: true, projects: {} });
    await writeFile(
      a.file,
      JSON.stringify({
        hasCompletedOnboarding: true,
        projects: { [a.repo]: { hasTrustDialogAccepted: true } },
      }),
    );
    expect(claudeConsentProblems(argv, at(a.repo, a.env))).toEqual([]);
    const b = await home({
      hasCompletedOnboarding: true,
      projects: { [path.dirname((await home(undefined)).repo)]: {} },
    });
    await writeFile(
      b.file,
      JSON.stringify({
        hasCompletedOnboarding: true,
        projects: { [path.dirname(b.repo)]: { hasTrustDialogAccepted: true } },
      }),
    );
    expect(claudeConsentProblems(argv, at(b.repo, b.env))).toEqual([]);
  });

  test("an ANTHROPIC_API_KEY must be approved by its last 20 characters", async () => {
    const key = "sk-ant-test-0123456789abcdefghijKLMNOP";
    const { env, repo } = await home({
      hasCompletedOnboarding: true,
      projects: { "/": { hasTrustDialogAccepted: true } },
      customApiKeyResponses: { approved: [], rejected: [] },
    });
    const withKey = { ...env, ANTHROPIC_API_KEY: key };
    expect(claudeConsentProblems(argv, at(repo, withKey)).map((p) => p.kind)).toEqual(["api-key"]);
    expect(apiKeySuffix(key)).toBe("0123456789abcdefghijKLMNOP".slice(-20));
  });

  test("CLAUDE_CONFIG_DIR moves the state file", async () => {
    expect(claudeConfigFile({ HOME: "/h", CLAUDE_CONFIG_DIR: "/cfg" })).toBe("/cfg/.claude.json");
    expect(claudeConfigFile({ HOME: "/h" })).toBe("/h/.claude.json");
  });

  test("as root without IS_SANDBOX=1 the bypass flag is refused up front, with what to do", async () => {
    const { env, repo } = await home({
      hasCompletedOnboarding: true,
      projects: { "/": { hasTrustDialogAccepted: true } },
    });
    const asRoot = claudeConsentProblems(argv, at(repo, { HOME: env.HOME }));
    if (process.getuid?.() === 0) {
      expect(asRoot).toEqual([
        {
          kind: "root",
          message:
            "Claude Code refuses --dangerously-skip-permissions when run as root, so the worker would die at once",
          hint: "In a container or sandbox, export IS_SANDBOX=1 before wo spawn; otherwise run wo as a normal user",
          fixable: false,
        },
      ]);
    } else expect(asRoot).toEqual([]);
    expect(claudeConsentProblems(["claude"], at(repo, { HOME: env.HOME }))).toEqual([]);
  });

  test("doctor --fix records trust, onboarding and the key after a backup, keeping every other key and the mode", async () => {
    const key = "sk-ant-0000000000000000000000000000-abc";
    const original = {
      theme: "dark",
      projects: { "/elsewhere": { allowedTools: ["x"] } },
      customApiKeyResponses: { approved: ["old"], rejected: [apiKeySuffix(key)] },
    };
    const { env, file, repo } = await home(original);
    const ctx = at(repo, { ...env, ANTHROPIC_API_KEY: key });
    const fix = await acceptClaudeConsent(ctx, new Date("2026-01-02T03:04:05.000Z"));
    expect(fix.changed).toEqual([
      "hasCompletedOnboarding",
      `projects[${JSON.stringify(repo)}].hasTrustDialogAccepted`,
      "customApiKeyResponses.approved",
    ]);
    expect(JSON.parse(await readFile(fix.backup as string, "utf8"))).toEqual(original);
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
      theme: "dark",
      hasCompletedOnboarding: true,
      projects: { "/elsewhere": { allowedTools: ["x"] }, [repo]: { hasTrustDialogAccepted: true } },
      customApiKeyResponses: { approved: ["old", apiKeySuffix(key)], rejected: [] },
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(claudeConsentProblems(argv, ctx)).toEqual([]);
    expect(await acceptClaudeConsent(ctx, new Date())).toEqual({ file, backup: null, changed: [] });
  });

  test("without a key, onboarding is the user's to finish and --fix leaves it", async () => {
    const { env, repo } = await home({});
    const fix = await acceptClaudeConsent(at(repo, env), new Date());
    expect(fix.changed).toEqual([`projects[${JSON.stringify(repo)}].hasTrustDialogAccepted`]);
    expect(claudeConsentProblems(argv, at(repo, env)).map((p) => p.kind)).toEqual(["onboarding"]);
  });
});
