import { realpathSync } from "node:fs";
import { type AgentAdapter, unchanged } from "./adapter.js";
import { codexHooks } from "./codex-hooks.js";
import { chromeTest, KEY_HINTS, SPINNER } from "./pane-text.js";

/**
 * Codex CLI (`@openai/codex`): interactive, approvals and sandbox bypassed. Per run wo adds `--no-daemon` (each
 * worker's codex runs in its own process tree, with its own environment, and dies with it), trusts the worktree with
 * a `-c projects=…` override (only the inline-table form works on the command line) and turns the update check off.
 */
export const codex: AgentAdapter = {
  name: "codex",
  program: "codex",
  template: "codex --dangerously-bypass-approvals-and-sandbox {prompt}",
  launch: (argv, context) => {
    const [program = "codex", ...rest] = argv;
    const has = (flag: string) => rest.includes(flag);
    const overrides = rest.filter((_, i) => rest[i - 1] === "-c" || rest[i - 1] === "--config");
    const added: string[] = [];
    if (!has("--no-daemon")) added.push("--no-daemon");
    if (!overrides.some((o) => o.startsWith("projects"))) {
      const paths = [...new Set([context.worktree, realpath(context.worktree)])];
      // A TOML inline table; JSON string escapes are valid TOML basic strings.
      const table = paths.map((p) => `${JSON.stringify(p)}={trust_level="trusted"}`).join(",");
      added.push("-c", `projects={${table}}`);
    }
    if (!overrides.some((o) => o.startsWith("check_for_update_on_startup")))
      added.push("-c", "check_for_update_on_startup=false");
    return { argv: [program, ...added, ...rest], env: {}, files: [] };
  },
  hooks: codexHooks,
  // Codex took an Enter sent with a bracketed paste (codex-cli 0.171), but an Enter within ~120 ms of a fast burst of
  // keys (a paste the terminal did not bracket) is taken as a newline: wait past that window.
  submit: { pasteDelayMs: 150 },
  isChrome: chromeTest([SPINNER, KEY_HINTS, /^›\s*$|^▌\s*$/, /⏎ send|Ctrl\+J newline|\d+% context left/i]),
  waitingPatterns: [
    { pattern: /Do you trust the contents of this directory\?|trust this folder/i, waitingFor: "dialog" },
    {
      pattern: /Would you like to (run the following command|make the following edits)\?|Allow command\?/i,
      waitingFor: "permission",
    },
    { pattern: /Sign in with ChatGPT|Provide your own API key|Hooks need review/i, waitingFor: "dialog" },
  ],
};

function realpath(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}
