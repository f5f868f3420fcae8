import { type AgentAdapter, unchanged } from "./adapter.js";
import { claudeConsentProblems } from "./claude-config.js";
import { claudeHooks } from "./claude-hooks.js";
import { withClaudeSettings } from "./claude-settings.js";
import { chromeTest, KEY_HINTS, SPINNER } from "./pane-text.js";

/**
 * Claude Code (`@anthropic-ai/claude-code`): interactive, permission prompts bypassed. Per run wo pre-accepts the
 * "Bypass Permissions mode" warning (`skipDangerousModePermissionPrompt` in `--settings`, merged with any settings
 * the template passes); the folder trust, onboarding and API key approval are the user's answers and are checked
 * before spawning (see claude-config.ts and docs/agents.md).
 */
export const claude: AgentAdapter = {
  name: "claude",
  program: "claude",
  template: "claude --dangerously-skip-permissions {prompt}",
  launch: (argv, context) => ({
    argv: withClaudeSettings(argv, { skipDangerousModePermissionPrompt: true }, context.worktree),
    env: {},
    files: [],
  }),
  consent: (argv, context) => claudeConsentProblems(argv, context),
  hooks: claudeHooks,
  // Claude Code drops an Enter that arrives with the paste; ~300 ms after it, Enter submits (docs/cli.md, `send`).
  submit: { pasteDelayMs: 300 },
  isChrome: chromeTest([
    SPINNER,
    KEY_HINTS,
    /^⏵⏵/,
    /^>\s*$/,
    /bypass permissions on/i,
    /^(auto-accept edits|plan mode) on\b/i,
    /^Context left until auto-compact/i,
    /^\s*⎿\s*$/,
  ]),
  waitingPatterns: [
    { pattern: /Do you want to (proceed|make this edit|create|allow)/i, waitingFor: "permission" },
    {
      pattern: /Do you trust the files in this folder\?|Is this a project you (created or )?trust/i,
      waitingFor: "dialog",
    },
    { pattern: /Detected a custom API key|Do you want to use this API key\?/i, waitingFor: "dialog" },
    { pattern: /Bypass Permissions mode/i, waitingFor: "dialog" },
    {
      pattern: /Select login method|Choose the text style|Invalid API key|Please run \/login/i,
      waitingFor: "dialog",
    },
  ],
};
