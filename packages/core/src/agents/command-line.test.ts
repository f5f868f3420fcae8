import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { WoError } from "../errors.js";
import { AGENT_PRESETS, agentArgv, findExecutable, resolveAgent, splitCommandLine } from "./index.js";

describe("splitCommandLine", () => {
  test.each([
    [
      "claude --dangerously-skip-permissions {prompt}",
      ["claude", "--dangerously-skip-permissions", "{prompt}"],
    ],
    ["  a   b\tc\n", ["a", "b", "c"]],
    [`mycli --msg "two words" 'single $HOME' x`, ["mycli", "--msg", "two words", "single $HOME", "x"]],
    [`a "say \\"hi\\" \\$x \\n" b`, ["a", 'say "hi" $x \\n', "b"]],
    [`a\\ b c`, ["a b", "c"]],
    [`x '' ""`, ["x", "", ""]],
    [`run $(rm -rf /) \`id\` ; && | > *`, ["run", "$(rm", "-rf", "/)", "`id`", ";", "&&", "|", ">", "*"]],
    [`--flag={prompt}`, ["--flag={prompt}"]],
  ])("%j splits into %j without expanding anything", (template, argv) => {
    expect(splitCommandLine(template)).toEqual(argv);
  });

  test.each([
    [`a "unterminated`, `Invalid agent command "a \\"unterminated": unterminated " quote`],
    [`a 'open`, `Invalid agent command "a 'open": unterminated ' quote`],
    ["   ", "Invalid agent command: it is empty"],
  ])("%j is refused: %s", (template, message) => {
    expect(() => splitCommandLine(template)).toThrow(message);
  });

  test("any input either splits or throws a WoError, never anything else", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (template) => {
        try {
          splitCommandLine(template);
        } catch (error) {
          expect(error).toBeInstanceOf(WoError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  test("words quoted with single quotes come back unchanged", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "binary", maxLength: 30 }), { minLength: 1, maxLength: 8 }),
        (words) => {
          const template = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(" ");
          expect(splitCommandLine(template)).toEqual(words);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("agentArgv", () => {
  const prompt = { text: "do it; $(rm -rf /)\n`x`", file: "/state/prompts/login.md" };

  test("the prompt replaces {prompt} as exactly one argv element", () => {
    expect(agentArgv(AGENT_PRESETS.claude as string, prompt)).toEqual([
      "claude",
      "--dangerously-skip-permissions",
      prompt.text,
    ]);
  });

  test("{prompt_file} is replaced by the prompt's file and placeholders work inside words", () => {
    expect(agentArgv("cli --in={prompt_file} --x", prompt)).toEqual([
      "cli",
      "--in=/state/prompts/login.md",
      "--x",
    ]);
  });

  test("prompt text containing placeholders is not substituted again", () => {
    expect(agentArgv("cli {prompt}", { text: "{prompt_file} {prompt}", file: "/f" })).toEqual([
      "cli",
      "{prompt_file} {prompt}",
    ]);
  });

  test("a template without placeholder gets the prompt as the last argument", () => {
    expect(agentArgv("mycli --yes", prompt)).toEqual(["mycli", "--yes", prompt.text]);
  });
});

describe("resolveAgent", () => {
  test.each(Object.keys(AGENT_PRESETS))("preset %s resolves to its template", (name) => {
    const spec = resolveAgent({ agent: name });
    expect(spec).toMatchObject({ name, template: AGENT_PRESETS[name] });
    expect(spec.adapter.name).toBe(name);
  });

  test("the default agent is claude", () => {
    expect(resolveAgent({}).template).toBe("claude --dangerously-skip-permissions {prompt}");
  });

  test("--agent-cmd wins and is named after its program", () => {
    const spec = resolveAgent({ agent: "codex", agentCmd: "my-agent --go {prompt}" });
    expect(spec).toMatchObject({ name: "my-agent", template: "my-agent --go {prompt}" });
    expect(spec.adapter.name).toBe("generic");
  });

  test("an --agent-cmd that runs a known agent gets that agent's adapter", () => {
    expect(resolveAgent({ agentCmd: "/opt/bin/claude --model x {prompt}" }).adapter.name).toBe("claude");
    expect(resolveAgent({ agent: "mine" }, { mine: "gemini -m y {prompt}" }).adapter.name).toBe("gemini");
  });

  test("configured agents are known by name", () => {
    expect(resolveAgent({ agent: "mine" }, { mine: "x {prompt}" }).template).toBe("x {prompt}");
  });

  test("an unknown agent lists the known ones", () => {
    expect(() => resolveAgent({ agent: "gpt" })).toThrowErrorMatchingInlineSnapshot(
      `[WoError: Unknown agent "gpt"; known agents: claude, codex, aider, gemini]`,
    );
  });
});

describe("findExecutable", () => {
  test("finds a program on PATH and nothing for a missing one", () => {
    expect(findExecutable("sh", { PATH: "/usr/bin:/bin" })).toMatch(/\/sh$/);
    expect(findExecutable("no-such-agent-xyz", { PATH: "/usr/bin:/bin" })).toBeNull();
    expect(findExecutable("sh", { PATH: "" })).toBeNull();
  });

  test("a name with a slash is a path", () => {
    expect(findExecutable(process.execPath, { PATH: "" })).toBe(process.execPath);
  });
});
