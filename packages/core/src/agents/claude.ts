import { type AgentAdapter, unchanged } from "./adapter.js";
import { claudeConsentProblems } from "./claude-config.js";
import { withClaudeSettings } from "./claude-settings.js";

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
  hooks: (argv) => unchanged(argv),
  // Claude Code drops an Enter that arrives with the paste; ~300 ms after it, Enter submits (docs/cli.md, `send`).
  submit: { pasteDelayMs: 300 },
  isChrome: () => false,
  waitingPatterns: [],
};
