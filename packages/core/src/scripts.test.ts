import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { launchScript, scriptCommand, shellQuote, shellWord } from "./scripts.js";

describe("shellWord", () => {
  test.each([
    ["work/task-1-auth", "work/task-1-auth"],
    ["main", "main"],
    ["wo-plan.json", "wo-plan.json"],
    ["work/evil$(>pwned)", "'work/evil$(>pwned)'"],
    ["my plan.json", "'my plan.json'"],
    ["it's", "'it'\\''s'"],
    ["a;b", "'a;b'"],
    ["", "''"],
  ])("%j is printed as %s", (word, printed) => {
    expect(shellWord(word)).toBe(printed);
  });
});

describe("shellQuote", () => {
  test("bash reads any quoted word back unchanged, executing nothing", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 40 }).filter((s) => !s.includes("\0")),
        (word) => {
          const out = execFileSync("bash", ["-c", `printf %s ${shellQuote(word)}`], { encoding: "utf8" });
          expect(out).toBe(word);
        },
      ),
      { numRuns: 150 },
    );
  });

  test.each([
    ["plain", "'plain'"],
    ["it's", `'it'\\''s'`],
    ["$(x) `y` ;", "'$(x) `y` ;'"],
  ])("%j becomes %s", (word, quoted) => {
    expect(shellQuote(word)).toBe(quoted);
  });
});

describe("scriptCommand", () => {
  test.each([
    ["claude --dangerously-skip-permissions {prompt}", `'claude' '--dangerously-skip-permissions' "$prompt"`],
    ["cli --in={prompt_file}", `'cli' '--in='"$prompt_file"`],
    ["cli --yes", `'cli' '--yes' "$prompt"`],
    [`x "a b" '$HOME'`, `'x' 'a b' '$HOME' "$prompt"`],
  ])("%s runs as %s", (template, command) => {
    expect(scriptCommand(template)).toBe(command);
  });
});

describe("launchScript", () => {
  test("the script reads its prompt next to itself and enters the worktree", () => {
    const script = launchScript({
      number: "1",
      name: "task-1-auth",
      worktreeFromScripts: "../worktrees/task-1-auth",
      promptFile: "worker-1-auth.prompt.md",
      agentTemplate: "claude --dangerously-skip-permissions {prompt}",
    });
    expect(script).toMatchInlineSnapshot(`
      "#!/usr/bin/env bash
      # Worker 1: task-1-auth. Written by \`wo setup\`: run it in a new terminal to start this worker by hand
      # (\`wo setup --spawn\` starts every worker in tmux instead). The prompt is in worker-1-auth.prompt.md, next to this script.
      set -euo pipefail
      here="$(cd "$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
      prompt_file="$here/"'worker-1-auth.prompt.md'
      prompt="$(cat "$prompt_file")"
      cd "$here/"'../worktrees/task-1-auth'
      exec 'claude' '--dangerously-skip-permissions' "$prompt"
      "
    `);
  });
});
