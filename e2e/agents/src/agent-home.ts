import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

/** The agents this suite drives, by their wo preset name. */
export type AgentName = "claude" | "codex" | "gemini";

export const AGENTS: readonly AgentName[] = ["claude", "codex", "gemini"];

/** The fake key every agent is given: the scripted model accepts anything. */
export const FAKE_KEY = "sk-wo-e2e-scripted-model-0123456789abcdef";

/** Where the pinned agents' executables are (`npm ci --prefix e2e/agents/agents`). */
export const AGENTS_BIN = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  "../agents/node_modules/.bin",
);

/**
 * The environment variables an agent needs to talk to the scripted model at `modelUrl` instead of its service, and to
 * start without update checks or telemetry. `IS_SANDBOX=1` lets Claude Code bypass permissions as root.
 */
export function agentEnv(agent: AgentName, modelUrl: string): Record<string, string> {
  switch (agent) {
    case "claude":
      return {
        ANTHROPIC_BASE_URL: modelUrl,
        ANTHROPIC_API_KEY: FAKE_KEY,
        DISABLE_AUTOUPDATER: "1",
        DISABLE_TELEMETRY: "1",
        DISABLE_ERROR_REPORTING: "1",
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
        IS_SANDBOX: "1",
      };
    case "codex":
      return { FAKE_API_KEY: FAKE_KEY };
    case "gemini":
      return {
        GEMINI_API_KEY: FAKE_KEY,
        GOOGLE_GEMINI_BASE_URL: modelUrl,
        GEMINI_CLI_TRUST_WORKSPACE: "true",
      };
  }
}

/**
 * Pre-answers an agent's first-run screens in a temporary `home`, for the repository at `repoDir` (worktrees under
 * it included): what a user does once by hand. Claude Code: onboarding done, the repository trusted, the custom API
 * key approved, the bypass-permissions warning accepted. Codex: the scripted model as its provider, no plugin or
 * update check at start, the repository trusted. Gemini CLI: API-key auth selected, no telemetry or update check.
 */
export async function prepareAgentHome(
  agent: AgentName,
  home: string,
  modelUrl: string,
  repoDir: string,
): Promise<void> {
  const write = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(home, file)), { recursive: true });
    await writeFile(path.join(home, file), text);
  };
  const trusted = [repoDir, path.join(repoDir, "worktrees")];
  if (agent === "claude") {
    const project = { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true, allowedTools: [] };
    await write(
      ".claude.json",
      JSON.stringify({
        hasCompletedOnboarding: true,
        lastOnboardingVersion: "2.1.197",
        theme: "dark",
        bypassPermissionsModeAccepted: true,
        customApiKeyResponses: { approved: [FAKE_KEY.slice(-20)], rejected: [] },
        projects: Object.fromEntries(trusted.map((dir) => [dir, project])),
      }),
    );
    await write(".claude/settings.json", JSON.stringify({ skipDangerousModePermissionPrompt: true }));
  } else if (agent === "codex") {
    const projects = trusted.map((dir) => `[projects.${JSON.stringify(dir)}]\ntrust_level = "trusted"\n`);
    await write(
      ".codex/config.toml",
      [
        'model = "gpt-scripted"',
        'model_provider = "fake"',
        "check_for_update_on_startup = false",
        "",
        "[model_providers.fake]",
        'name = "scripted model"',
        `base_url = "${modelUrl}/v1"`,
        'env_key = "FAKE_API_KEY"',
        'wire_api = "responses"',
        "",
        "[features]",
        "plugins = false",
        "",
        ...projects,
      ].join("\n"),
    );
  } else {
    await write(
      ".gemini/settings.json",
      JSON.stringify({
        security: { auth: { selectedType: "gemini-api-key" } },
        general: { disableAutoUpdate: true, disableUpdateNag: true },
        privacy: { usageStatisticsEnabled: false },
        telemetry: { enabled: false },
      }),
    );
  }
}
