import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import type { LaunchContext } from "./adapter.js";
import { AGENT_PRESETS, resolveAgent } from "./index.js";
import { planLaunch } from "./launch.js";

const stateDir = "/repo/.git/wo/agents/auth";
function context(env: NodeJS.ProcessEnv = {}): LaunchContext {
  return { feature: "auth", worktree: "/repo/.worktrees/auth", repoRoot: "/repo", stateDir, env };
}
const prompt = { text: "do it", file: "/repo/.git/wo/prompts/auth.md" };
const fileAt = (files: Array<{ path: string; content: string }>, name: string) =>
  files.filter((f) => f.path === path.join(stateDir, name)).at(-1)?.content ?? "";

describe("hook wiring per agent", () => {
  test("claude gets one --settings file of wo's with a hook per event; the prompt stays one argument", () => {
    const launch = planLaunch(resolveAgent({ agent: "claude" }), prompt, context());
    expect(launch.argv).toEqual([
      "claude",
      "--settings",
      path.join(stateDir, "claude-settings.json"),
      "--dangerously-skip-permissions",
      "do it",
    ]);
    const settings = JSON.parse(fileAt(launch.files, "claude-settings.json"));
    expect(Object.keys(settings.hooks)).toEqual([
      "SessionStart",
      "UserPromptSubmit",
      "PostToolUse",
      "Stop",
      "StopFailure",
      "Notification",
    ]);
    const command = settings.hooks.Stop[0].hooks[0].command as string;
    expect(command).toContain(path.join(stateDir, "hook.cjs"));
    expect(command).toMatch(/ claude$/);
    const state = JSON.parse(fileAt(launch.files, "hook-state.json"));
    expect(state).toMatchObject({
      agent: "claude",
      hooks: true,
      state: "running",
      waitingFor: null,
      at: null,
    });
    expect(command).toContain(state.run);
  });

  test("claude: settings already passed inline are merged, their keys and hooks kept, still one --settings", () => {
    const inline = JSON.stringify({
      skipDangerousModePermissionPrompt: true,
      hooks: { Stop: [{ hooks: [{ type: "command", command: "mine" }] }] },
    });
    const spec = resolveAgent({ agentCmd: `claude --settings '${inline}' {prompt}` });
    const launch = planLaunch(spec, prompt, context());
    expect(launch.argv.filter((a) => a === "--settings")).toHaveLength(1);
    expect(launch.argv[2]).toBe(path.join(stateDir, "claude-settings.json"));
    const settings = JSON.parse(fileAt(launch.files, "claude-settings.json"));
    expect(settings.skipDangerousModePermissionPrompt).toBe(true);
    expect(
      settings.hooks.Stop.map((e: { hooks: Array<{ command: string }> }) => e.hooks[0]?.command)[0],
    ).toBe("mine");
    expect(settings.hooks.Stop).toHaveLength(2);
  });

  test("claude: a settings file the launch planned is rewritten in place, merged", () => {
    const own = path.join(stateDir, "launch-settings.json");
    const spec = resolveAgent({ agent: "claude" });
    const adapter = {
      ...spec.adapter,
      launch: (argv: readonly string[]) => ({
        argv: [argv[0] as string, "--settings", own, ...argv.slice(1)],
        env: {},
        files: [{ path: own, content: JSON.stringify({ skipDangerousModePermissionPrompt: true }) }],
      }),
    };
    const launch = planLaunch({ ...spec, adapter }, prompt, context());
    expect(launch.argv.slice(0, 3)).toEqual(["claude", "--settings", own]);
    const written = JSON.parse(launch.files.filter((f) => f.path === own).at(-1)?.content ?? "");
    expect(written.skipDangerousModePermissionPrompt).toBe(true);
    expect(written.hooks.Stop).toHaveLength(1);
  });

  test("claude: a user's settings file is merged into wo's copy; one wo cannot read is one clear error", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "wo-settings-"));
    const file = path.join(dir, "mine.json");
    writeFileSync(file, JSON.stringify({ model: "x" }));
    const launch = planLaunch(
      resolveAgent({ agentCmd: `claude --settings=${file} {prompt}` }),
      prompt,
      context(),
    );
    expect(launch.argv.slice(1, 3)).toEqual(["--settings", path.join(stateDir, "claude-settings.json")]);
    expect(JSON.parse(fileAt(launch.files, "claude-settings.json"))).toMatchObject({ model: "x" });
    // The launch reads the user's file first (to pre-accept the bypass warning in the same --settings).
    expect(() =>
      planLaunch(
        resolveAgent({ agentCmd: `claude --settings ${dir}/nope.json {prompt}` }),
        prompt,
        context(),
      ),
    ).toThrow(/Cannot read Claude Code settings from .*nope\.json/);
  });

  test("codex gets its notify program as a -c override (a TOML array); its waiting ends on pane activity", () => {
    const launch = planLaunch(resolveAgent({ agent: "codex" }), prompt, context());
    const at = launch.argv.findIndex((arg) => arg.startsWith("notify="));
    expect(launch.argv[at - 1]).toBe("-c");
    const notify = JSON.parse((launch.argv[at] as string).replace(/^notify=/, "")) as string[];
    expect(notify.slice(1)).toEqual([
      path.join(stateDir, "hook.cjs"),
      path.join(stateDir, "hook-state.json"),
      JSON.parse(fileAt(launch.files, "hook-state.json")).run,
      "codex",
    ]);
    expect(launch.argv.slice(-2)).toEqual(["--dangerously-bypass-approvals-and-sandbox", "do it"]);
    expect(JSON.parse(fileAt(launch.files, "hook-state.json")).clearsOnActivity).toBe(true);
  });

  test("gemini gets a system-defaults file of wo's (the machine's own defaults kept), hooks enabled", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "wo-gemini-"));
    const defaults = path.join(dir, "system-defaults.json");
    writeFileSync(
      defaults,
      JSON.stringify({
        ui: { theme: "x" },
        hooks: { AfterAgent: [{ hooks: [{ type: "command", command: "theirs" }] }] },
      }),
    );
    const launch = planLaunch(
      resolveAgent({ agent: "gemini" }),
      prompt,
      context({ GEMINI_CLI_SYSTEM_DEFAULTS_PATH: defaults }),
    );
    const file = path.join(stateDir, "gemini-system-defaults.json");
    expect(launch.env).toEqual({ GEMINI_CLI_SYSTEM_DEFAULTS_PATH: file, GEMINI_CLI_TRUST_WORKSPACE: "true" });
    expect(launch.argv).toEqual(["gemini", "--yolo", "--prompt-interactive", "do it"]);
    const settings = JSON.parse(fileAt(launch.files, "gemini-system-defaults.json"));
    expect(settings.ui).toEqual({ theme: "x" });
    expect(settings.hooksConfig).toEqual({ enabled: true });
    expect(settings.hooks.AfterAgent).toHaveLength(2);
    expect(Object.keys(settings.hooks)).toEqual(["AfterAgent", "BeforeAgent", "AfterTool", "Notification"]);
  });

  test.each(["aider", "my-agent"])("%s has no hooks: its state says so and its argv is unchanged", (name) => {
    const spec =
      name === "aider"
        ? resolveAgent({ agent: "aider" })
        : resolveAgent({ agentCmd: "my-agent --go {prompt}" });
    const launch = planLaunch(spec, prompt, context());
    expect(launch.argv).toEqual(
      // aider gets its prompt typed as its first message (see adapters.test.ts).
      name === "aider" ? ["aider", "--yes-always"] : ["my-agent", "--go", "do it"],
    );
    expect(launch.files.map((f) => path.basename(f.path))).toEqual(["hook-state.json"]);
    expect(JSON.parse(fileAt(launch.files, "hook-state.json"))).toMatchObject({ hooks: false });
  });

  test("every run gets a new run id", () => {
    const a = planLaunch(resolveAgent({ agent: "claude" }), prompt, context());
    const b = planLaunch(resolveAgent({ agent: "claude" }), prompt, context());
    expect(JSON.parse(fileAt(a.files, "hook-state.json")).run).not.toBe(
      JSON.parse(fileAt(b.files, "hook-state.json")).run,
    );
    expect(Object.keys(AGENT_PRESETS)).toContain("gemini");
  });
});
