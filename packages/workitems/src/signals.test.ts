import { describe, expect, test } from "vitest";
import {
  actionFromHeading,
  actionFromKeywords,
  actionFromVerb,
  estimateComplexity,
  explicitSize,
  isVague,
  priorityFromHeading,
  priorityFromText,
} from "./signals.js";
import type { Action, Complexity, Priority } from "./types.js";

describe("the action named by a leading verb", () => {
  test.each<[string, Action | null]>([
    ["Fix null check in user validation", "fix"],
    ["fixes the login redirect", "fix"],
    ["Refactor the auth flow", "refactor"],
    ["Extract the retry helper", "refactor"],
    ["Clean up the utils module", "refactor"],
    ["Add rate limiting", "add"],
    ["Implement the invite dialog", "add"],
    ["Set up CI for the monorepo", "add"],
    ["Add unit tests for payment.py", "test"],
    ["Write integration tests for the API", "test"],
    ["Test the refund edge cases", "test"],
    ["Remove the legacy exporter", "remove"],
    ["Delete dead feature flags", "remove"],
    ["Get rid of the old cron job", "remove"],
    ["Update React to 18.3", "update"],
    ["Bump lodash", "update"],
    ["Rotate the staging API key", "update"],
    ["Document the deploy script", "docs"],
    ["Update the README with the new flags", "docs"],
    ["Write docs for admins", "docs"],
    ["Investigate slow cold starts", "investigate"],
    ["Look into flaky CI", "investigate"],
    ["Figure out why the cache misses", "investigate"],
    ["We should fix the retry loop", "fix"],
    ["Finally, we need to document the failover", "docs"],
    ["TODO: add a health check", "add"],
    ["🔥 Fix the login loop", "fix"],
    ["Auth: fix the login redirect", "fix"],
    ["Consider extracting a helper", "refactor"],
    ["SQL injection in order search", null],
    ["Dark mode toggle", null],
  ])("%s → %s", (text, expected) => {
    expect(actionFromVerb(text)).toBe(expected);
  });
});

describe("the action suggested by problem words", () => {
  test.each<[string, Action | null]>([
    ["SQL injection in order search", "fix"],
    ["Race condition in inventory reservation", "fix"],
    ["Typo in the log message", "fix"],
    ["Missing tests for the refund flow", "test"],
    ["Contract test for POST /albums", "test"],
    ["Unused exports in utils", "remove"],
    ["Duplicated retry logic in two clients", "refactor"],
    ["Outdated dependency on left-pad", "update"],
    ["Undocumented environment variables", "docs"],
    ["Intermittent failures on CI, root cause unknown", "investigate"],
    ["Dark mode toggle", null],
  ])("%s → %s", (text, expected) => {
    expect(actionFromKeywords(text)).toBe(expected);
  });

  test.each<[string, Action | null]>([
    ["Tests", "test"],
    ["Documentation", "docs"],
    ["Tech debt", "refactor"],
    ["Bugs", "fix"],
    ["New features", "add"],
    ["Dependency upgrades", "update"],
    ["Open questions", "investigate"],
    ["Android", null],
  ])("the heading %s suggests %s", (heading, expected) => {
    expect(actionFromHeading(heading)).toBe(expected);
  });
});

describe("priority markers", () => {
  test.each<[string, Priority | null]>([
    ["P0 fix the outage", "P0"],
    ["[P1] add metrics", "P1"],
    ["(p2) tidy up", "P2"],
    ["Fix it (Priority: P3)", "P3"],
    ["CRITICAL: data loss on save", "P0"],
    ["[high] rotate keys", "P1"],
    ["Severity: Medium", "P2"],
    ["Priority: low", "P3"],
    ["🔴 leaking tokens", "P0"],
    ["high memory usage in the worker", null],
    ["[P] parallel-safe spec-kit task", null],
    ["Use HTTP/2 everywhere", null],
  ])("%s → %s", (text, expected) => {
    expect(priorityFromText(text)).toBe(expected);
  });

  test("emphasised priority words count: **HIGH**", () => {
    expect(priorityFromText("HIGH Fix the leak", ["HIGH"])).toBe("P1");
    expect(priorityFromText("Fix the leak", ["High"])).toBe("P1");
  });

  test.each<[string, Priority | null]>([
    ["Critical Findings", "P0"],
    ["🔴 Critical", "P0"],
    ["High Priority", "P1"],
    ["High", "P1"],
    ["Medium", "P2"],
    ["Low / Nits", "P3"],
    ["P2 / nice to have", "P2"],
    ["Nice to have", "P3"],
    ["Phase 3: User Story 1 - Login (Priority: P1) 🎯 MVP", "P1"],
    ["P0 — must land", "P0"],
    ["Must fix before release", "P1"],
    ["High-level design", null],
    ["Low-hanging fruit in the parser", null],
    ["Android", null],
  ])("the heading %s gives %s", (heading, expected) => {
    expect(priorityFromHeading(heading)).toBe(expected);
  });
});

describe("complexity from the documented signals", () => {
  test.each<[string, Action, string[], number, Complexity]>([
    ["a typo fix is S", "fix", ["README.md"], 0, "S"],
    ["a config change is S", "update", ["config/app.yaml"], 0, "S"],
    ["a single function fix is M", "fix", ["src/user.py"], 0, "M"],
    ["a new endpoint is L", "add", ["src/api/users.py"], 0, "L"],
    ["a refactor is L", "refactor", ["src/auth/flow.ts"], 0, "L"],
    ["a cross-file refactor is XL", "refactor", ["a/x.ts", "b/y.ts", "c/z.ts"], 0, "XL"],
    ["an architecture change is XL", "refactor", ["src/"], 0, "XL"],
    ['"comprehensive" wording sizes up', "test", ["src/payment.py"], 0, "L"],
    ["many sub-points size up", "fix", ["src/a.ts"], 5, "L"],
  ])("%s", (name, action, scope, detailCount, expected) => {
    const texts: Record<string, string> = {
      "a typo fix is S": "Fix typo in README.md",
      "a config change is S": "Update config value for timeouts",
      "a single function fix is M": "Fix the date parsing in parseDate()",
      "a new endpoint is L": "Add the users endpoint",
      "a refactor is L": "Refactor the auth flow",
      "a cross-file refactor is XL": "Refactor the shared helpers",
      "an architecture change is XL": "Redesign the plugin architecture",
      '"comprehensive" wording sizes up': "Comprehensive tests for payments",
      "many sub-points size up": "Fix the importer",
    };
    expect(estimateComplexity({ action, text: texts[name]!, scope, detailCount }).size).toBe(expected);
  });

  test.each<[string, Complexity | null]>([
    ["Size: M", "M"],
    ["effort: XL", "XL"],
    ["(S) quick one", "S"],
    ["~2h", "L"],
    ["est. 30 min", "M"],
    ["estimate: 1 day", "XL"],
    ["takes 3 days to fail", null],
    ["3D rendering", null],
  ])("explicit size %s → %s", (text, expected) => {
    expect(explicitSize(text)).toBe(expected);
  });
});

describe("vague items", () => {
  test.each<[string, boolean]>([
    ["Improve performance", true],
    ["Add missing tests", true],
    ["Fix bugs", true],
    ["General cleanup", true],
    ["TBD", true],
    ["Fix null check in user validation", false],
    ["Add rate limiting to password reset", false],
  ])("%s → %s", (text, expected) => {
    expect(isVague(text)).toBe(expected);
  });
});
