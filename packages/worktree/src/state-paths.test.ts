import path from "node:path";
import { expect, test } from "vitest";
import { woStatePaths } from "./state-paths.js";

test("every state path lies under <common dir>/wo, as docs/architecture.md lists them", () => {
  const paths = woStatePaths("/repo/.git");
  expect({
    root: paths.root,

    prompt: paths.prompt("login"),
    launch: paths.launch("login"),
    results: paths.results("login"),
    killRequest: paths.killRequest("login"),
    hooks: paths.hooks("login"),
    notified: paths.notified,
    report: paths.report("sprint"),
    integration: paths.integration,
  }).toEqual({
    root: path.join("/repo/.git", "wo"),

    prompt: path.join("/repo/.git", "wo", "prompts", "login.md"),
    launch: path.join("/repo/.git", "wo", "launch", "login.json"),
    results: path.join("/repo/.git", "wo", "results", "login"),
    killRequest: path.join("/repo/.git", "wo", "kill-requests", "login"),
    hooks: path.join("/repo/.git", "wo", "hooks", "login"),
    notified: path.join("/repo/.git", "wo", "notified.json"),
    report: path.join("/repo/.git", "wo", "reports", "sprint.md"),
    integration: path.join("/repo/.git", "wo", "integration"),
  });
});
