import { describe, expect, it } from "vitest";
import { type ActionInputs, parseInputs, splitList } from "./inputs.js";

const from = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? "";

function messageOf(inputs: Record<string, string>): string {
  try {
    parseInputs(from(inputs));
  } catch (error) {
    return `${(error as Error).message} | hint: ${(error as { hint?: string }).hint}`;
  }
  return "(accepted)";
}

describe("parseInputs", () => {
  it.each<[string, Record<string, string>, ActionInputs]>([
    [
      "plan with documents and a worker count",
      { mode: "plan", documents: "docs/a.md, docs/b.md", workers: "3" },
      { mode: "plan", documents: ["docs/a.md", "docs/b.md"], workers: 3 },
    ],
    [
      "monitor with nothing else, defaults filled in",
      { mode: "monitor" },
      {
        mode: "monitor",
        base: undefined,
        forecast: true,
        token: undefined,
        pullRequest: undefined,
        planFile: undefined,
      },
    ],
    [
      "monitor with every input",
      {
        mode: " monitor ",
        base: "main",
        forecast: "False",
        token: "t",
        "pull-request": "12",
        "plan-file": "/tmp/p/plan.json",
      },
      {
        mode: "monitor",
        base: "main",
        forecast: false,
        token: "t",
        pullRequest: 12,
        planFile: "/tmp/p/plan.json",
      },
    ],
    [
      "integrate, fail-on-conflict defaulting to true",
      { mode: "integrate", name: "sprint-1", documents: "ignored.md" },
      {
        mode: "integrate",
        name: "sprint-1",
        base: undefined,
        failOnConflict: true,
        token: undefined,
        planFile: undefined,
      },
    ],
    [
      "integrate with fail-on-conflict off",
      { mode: "integrate", name: "x", "fail-on-conflict": "false", base: "origin/main", token: "t" },
      {
        mode: "integrate",
        name: "x",
        base: "origin/main",
        failOnConflict: false,
        token: "t",
        planFile: undefined,
      },
    ],
    [
      "check with its default budget",
      { mode: "check", name: "x", test: "npm ci && npm test", "plan-file": "/tmp/plan.json" },
      {
        mode: "check",
        name: "x",
        test: "npm ci && npm test",
        retries: 2,
        testTimeoutMs: undefined,
        base: undefined,
        planFile: "/tmp/plan.json",
      },
    ],
    [
      "check with no retries and a time limit",
      { mode: "check", name: "x", test: "make check", retries: "0", "test-timeout": "10m" },
      {
        mode: "check",
        name: "x",
        test: "make check",
        retries: 0,
        testTimeoutMs: 600_000,
        base: undefined,
        planFile: undefined,
      },
    ],
  ])("reads %s", (_, inputs, expected) => {
    expect(parseInputs(from(inputs))).toEqual(expected);
  });

  it("refuses each malformed input with what it expects, what it received and a hint", () => {
    const cases: Array<Record<string, string>> = [
      {},
      { mode: "deploy" },
      { mode: "plan" },
      { mode: "plan", documents: " , \n" },
      { mode: "plan", documents: "a.md", workers: "0" },
      { mode: "plan", documents: "a.md", workers: "2.5" },
      { mode: "monitor", forecast: "yes" },
      { mode: "monitor", "pull-request": "#3" },
      { mode: "monitor", base: "--upload-pack=evil" },
      { mode: "integrate" },
      { mode: "integrate", name: "Sprint 1" },
      { mode: "check", test: "npm test" },
      { mode: "check", name: "x" },
      { mode: "check", name: "x", test: "npm test", retries: "11" },
      { mode: "check", name: "x", test: "npm test", retries: "-1" },
      { mode: "check", name: "x", test: "npm test", "test-timeout": "soon" },
    ];
    expect(cases.map(messageOf)).toMatchInlineSnapshot(`
      [
        "Input mode is missing: expected plan, monitor, integrate or check | hint: Set the mode input, e.g. mode: plan",
        "Unknown mode "deploy": expected plan, monitor, integrate or check | hint: Set the mode input, e.g. mode: plan",
        "mode: plan needs the documents input, which is empty | hint: List work-item documents as globs, newline- or comma-separated, e.g. documents: docs/review.md",
        "mode: plan needs the documents input, which is empty | hint: List work-item documents as globs, newline- or comma-separated, e.g. documents: docs/review.md",
        "Input workers must be a whole number from 1 to 64, received "0" | hint: Set workers: 3, or leave it out to let wo choose",
        "Input workers must be a whole number from 1 to 64, received "2.5" | hint: Set workers: 3, or leave it out to let wo choose",
        "Input forecast must be true or false, received "yes" | hint: Set forecast: true or forecast: false (or leave it out)",
        "Input pull-request must be a whole number of 1 or more, received "#3" | hint: Set pull-request to the number alone (pull-request: 12), or leave it out to use the event's",
        "Input base "--upload-pack=evil" is not a branch name: it starts with "-" or contains whitespace | hint: Set base to the branch the workers started from, e.g. base: main",
        "mode: integrate needs the name input, which is empty | hint: Set name, e.g. name: sprint-1 (the branch becomes integration/sprint-1)",
        "Input name "Sprint 1" is not a valid integration name: expected lowercase letters, digits and dashes (at most 63, starting with a letter or digit) | hint: Set name, e.g. name: sprint-1 (the branch becomes integration/sprint-1)",
        "mode: check needs the name input, which is empty | hint: Set name, e.g. name: sprint-1 (the branch becomes integration/sprint-1)",
        "mode: check needs the test input, which is empty | hint: Set test to the command that checks the integration, e.g. test: npm test (run with sh -c)",
        "Input retries must be a whole number from 0 to 10, received "11" | hint: Set retries: 2 (the default), or retries: 0 to ask a person at the first failure",
        "Input retries must be a whole number from 0 to 10, received "-1" | hint: Set retries: 2 (the default), or retries: 0 to ask a person at the first failure",
        "Input test-timeout must be a duration such as 90s, 10m or 1h, received "soon" | hint: A plain number is seconds, e.g. test-timeout: 15m; leave it out for no limit",
      ]
    `);
  });
});

describe("splitList", () => {
  it.each<[string, string, string[]]>([
    ["an empty input", "", []],
    ["only separators and whitespace", " ,\n ,, \n", []],
    ["one item", "docs/review.md", ["docs/review.md"]],
    ["comma-separated items", "a.md,b.md , c.md", ["a.md", "b.md", "c.md"]],
    ["newline-separated items with CRLF", "a.md\r\nb.md\r\n", ["a.md", "b.md"]],
    ["both separators mixed", "a.md, b.md\n c/*.md", ["a.md", "b.md", "c/*.md"]],
    ["unicode names", "docs/überblick.md, 文档.md", ["docs/überblick.md", "文档.md"]],
  ])("splits %s", (_, input, expected) => {
    expect(splitList(input)).toEqual(expected);
  });
});
