import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { type Plan, planWork } from "../src/index.js";

// Issue 18, points 1–9, re-checked on documents written as their authors would (test/fixtures/authors): a
// pen-test report, a code review, an agent to-do board, a release checklist, a tracker export, a migration plan, a
// spec-kit tasks.md, an upgrade plan with options and inventories, a perf plan, a multi-repository follow-up list and
// a retrospective.

function load(name: string): Plan {
  const text = readFileSync(new URL(`./fixtures/authors/${name}`, import.meta.url), "utf8");
  return planWork([{ file: name, text }]);
}

function row(plan: Plan, start: string) {
  const item = plan.items.find((entry) => entry.description.startsWith(start));
  if (item === undefined) throw new Error(`no item starts with "${start}"`);
  return item;
}

function descriptionsOf(plan: Plan, ids: readonly string[]): string[] {
  return ids.map((id) => plan.items.find((item) => item.id === id)!.description);
}

describe("1. findings written as headings", () => {
  test("a pen-test report: one item per finding heading, prose and steps are details", () => {
    const plan = load("pentest-report.md");
    expect(
      plan.items.map((item, index) => [
        item.description,
        item.priority,
        item.scope,
        item.done,
        plan.details[index]!.kind,
      ]),
    ).toEqual([
      ["SQL injection in report export", "P0", ["reports/export.py"], false, "heading"],
      ["Password reset token never expires", "P1", ["accounts/reset.py"], true, "heading"],
      [
        "Missing rate limit on login",
        "P2",
        ["accounts/views/login.py", "config/throttling.py"],
        false,
        "heading",
      ],
    ]);
    expect(plan.items.every((item) => item.action === "fix")).toBe(true);
  });

  test("the summary table marks F-2 fixed and adds no item; links under Methodology are no items", () => {
    const plan = load("pentest-report.md");
    expect(plan.items).toHaveLength(3);
    expect(plan.assumptions).toContain(
      "Table rows naming a finding written as a heading were read as that finding's status, not as items",
    );
  });

  test("a code review: bullets, plain and bold field lines, a prose paragraph or only code under a heading", () => {
    const plan = load("code-review-headings.md");
    expect(plan.items.map((item) => [item.description, item.action, item.priority, item.scope])).toEqual([
      [
        "Race condition when two tabs submit the same cart",
        "fix",
        "P0",
        ["checkout/services/order_service.ts"],
      ],
      ["Discount applied after tax", "fix", "P1", ["checkout/pricing/totals.ts"]],
      ["Error from the payment provider is swallowed", "fix", "P1", ["checkout/payments/stripe_client.ts"]],
      ["Unused legacyTotals helper", "remove", "P3", ["checkout/pricing/legacy.ts"]],
    ]);
    expect(plan.items.map((item) => item.group)).toEqual(["Critical", "Major", "Major", "Minor"]);
    // "after tax" in a finding's title is no dependency.
    expect(plan.items.every((item) => item.dependencies.length === 0)).toBe(true);
  });

  test("a numbered heading with a File line and prose is a finding; a numbered chapter is not", () => {
    const review = planWork([
      {
        file: "review.md",
        text: "# Review\n\n### 1. SQL injection in search\n\n**File:** `search/query.py`\n\nUser input is concatenated into the query.\n\n### 2. Slow export\n\n**File:** `export/csv.py`\n\nThe export loads every row into memory.\n",
      },
    ]);
    expect(review.items.map((item) => [item.description, item.scope])).toEqual([
      ["SQL injection in search", ["search/query.py"]],
      ["Slow export", ["export/csv.py"]],
    ]);
    const guide = planWork([
      {
        file: "guide.md",
        text: "# Guide\n\n## 1. Setup\n\n**Severity:** High\n\nRun the installer first.\n",
      },
    ]);
    expect(guide.items.map((item) => item.description)).toEqual(["Run the installer first."]);
  });

  test("a heading that is only an id is named by the first sentence of its prose", () => {
    const plan = planWork([
      {
        file: "audit.md",
        text: "# Audit\n\n## F-7\n\n**Location:** `api/upload.ts`\n\nUploads bypass the size limit. Seen twice.\n",
      },
    ]);
    expect(plan.items.map((item) => item.description)).toEqual(["Uploads bypass the size limit."]);
  });
});

describe("2. task headings with checkboxes", () => {
  const plan = load("agent-todo-board.md");

  test("each checkbox heading is a task with its done state, nested ones too", () => {
    expect(plan.items.map((item) => [item.description, item.done])).toEqual([
      ["Add a health endpoint", true],
      ["Add export history API", false],
      ["Rate-limit the export endpoint", false],
      ["Spike: pick a rate-limit library", true],
    ]);
  });

  test("Context, Scope and Acceptance criteria (boxes or numbers) are details; the rules are no items", () => {
    expect(row(plan, "Add export history API").scope).toEqual([
      "server/routes/exports.go",
      "server/store/exports.go",
      "server/routes/exports_test.go",
    ]);
    expect(row(plan, "Rate-limit").priority).toBe("P1");
    expect(plan.assumptions).toContain(
      'Skipped bullets under "Rules": not a work item next to the document\'s task lists (no action verb, or reference material)',
    );
  });

  test("numbers in acceptance criteria ('429 after 10 requests') are no dependency", () => {
    expect(row(plan, "Rate-limit").dependencies).toEqual([]);
    expect(plan.assumptions.filter((line) => line.includes("matches no item"))).toEqual([]);
  });
});

describe("3. status markers", () => {
  const plan = load("release-checklist.md");

  test.each([
    "Load test the new search endpoint",
    "Payments webhook retries are missing",
    "Feature flag cleanup",
    "Empty state for the orders table",
    "TODO: translate the checkout page",
  ])("%s… (❌, 🔴, (missing), ✗, TODO) is open", (start) => {
    expect(row(plan, start).done).toBe(false);
  });

  test.each([
    "Migrations reviewed",
    "Remove the v1 export route",
    "Replace moment.js with date-fns",
    "Broken tab order",
    "Safari date picker crash",
  ])("%s… (✅, ✔, ~~struck~~, a plain Fix applied: line, fixed in #1833) is done", (start) => {
    expect(row(plan, start).done).toBe(true);
  });

  test("a Fix applied: line is a detail, not part of the title; 🔴 is P0", () => {
    expect(row(plan, "Broken tab order").description).toBe("Broken tab order in web/src/checkout/Form.tsx");
    expect(row(plan, "Payments webhook").priority).toBe("P0");
  });
});

describe("4. priority on a continuation line", () => {
  test("labels:, priority/pN, Priority-N, Severity: low and tags: apply to the entry above", () => {
    const plan = load("tracker-export.md");
    expect(plan.items.map((item) => item.priority)).toEqual(["P1", "P2", "P3", "P3", "P0"]);
    expect(plan.items.map((item) => item.description)).toEqual([
      "Login button does nothing on Safari 16 in web/src/auth/LoginButton.tsx",
      "Add CSV export to the invoices page (web/src/invoices/Export.tsx)",
      "Spinner never stops when the session expires in web/src/session/Spinner.tsx",
      "Audit log misses role changes in api/audit/roles.go",
      "Dark mode for the settings page in web/src/settings/Theme.tsx",
    ]);
  });
});

describe("5. dependencies stated outside the item's line", () => {
  test('"(after all components are migrated)" waits for every item that migrates a component', () => {
    const plan = load("theme-migration.md");
    const expected = [
      "Button: replace hard-coded colours with tokens in web/src/ui/Button.tsx",
      "Card: replace the shadow styles in web/src/ui/Card.tsx",
      "Migrate the Modal component to tokens (web/src/ui/Modal.tsx)",
    ];
    expect(descriptionsOf(plan, row(plan, "Remove the legacy theme").dependencies)).toEqual(expected);
    expect(descriptionsOf(plan, row(plan, "Delete web/src/theme/colors.ts").dependencies)).toEqual(expected);
    expect(plan.cycles).toEqual([]);
  });

  test("have been ported, the remaining … are ported, all … are done: every step of the port, nothing else", () => {
    const plan = load("api-port.md");
    const steps = [
      "Port the users endpoints in api/routes/users.ts",
      "Port the orders endpoints in api/routes/orders.ts",
      "Port the health endpoint in api/routes/health.ts",
    ];
    for (const start of ["Remove Express", "Delete the Express adapters", "Write the migration notes"]) {
      expect(descriptionsOf(plan, row(plan, start).dependencies)).toEqual(steps);
    }
    expect(row(plan, "Update the load-test script").dependencies).toEqual([]);
  });

  test('"once" inside a title is none; a set that matches nothing is reported, not guessed', () => {
    const plan = load("theme-migration.md");
    expect(row(plan, "Show the new-theme banner").dependencies).toEqual([]);
    expect(row(plan, "Update the theming guide").dependencies).toEqual([]);
    expect(plan.assumptions).toContain(
      'Item 7: "all the tokens are documented" matches no item; no dependency added',
    );
  });

  test("a set never closes a cycle: members that already wait for the item are left out", () => {
    const plan = planWork([
      {
        file: "cycle.md",
        text: [
          "## Migrate services",
          "",
          "- [ ] Migrate the billing service in `svc/billing.ts`",
          "- [ ] Migrate the search service in `svc/search.ts` (blocked by item-3)",
          "",
          "## Clean-up",
          "",
          "- [ ] Remove the feature flag in `svc/flags.ts` after all services are migrated",
          "",
        ].join("\n"),
      },
    ]);
    expect(plan.cycles).toEqual([]);
    expect(row(plan, "Migrate the search service").dependencies).toEqual(["item-3"]);
    expect(row(plan, "Remove the feature flag").dependencies).toEqual(["item-1"]);
    expect(plan.assumptions.some((line) => line.includes("1 already waiting for it left out"))).toBe(true);
  });

  test("spec-kit order stated in notes: must follow, story ranges, US3 after US2, needs", () => {
    const plan = load("tasks-order.md");
    const deps = (task: string) =>
      descriptionsOf(plan, row(plan, task).dependencies).map((text) => text.split(" ")[0]);
    expect(deps("T012")).toEqual(["T011"]);
    expect(deps("T020")).toEqual(["T001", "T002", "T010", "T011", "T012"]);
    expect(deps("T021")).toEqual(["T010", "T011", "T012", "T020"]);
    expect(deps("T030")).toEqual(["T001", "T002", "T020", "T021"]);
    // "Show revoked invites once" has no dependency of its own beyond the stated and phase ones.
    expect(deps("T031")).toEqual(["T001", "T002", "T020", "T021"]);
    expect(plan.cycles).toEqual([]);
  });
});

describe("6. not items", () => {
  const plan = load("not-items.md");

  test("options, inventory lines, related docs, see also and a finding's steps give no items", () => {
    expect(plan.items.map((item) => item.description)).toEqual([
      "Bump the Postgres image in deploy/docker-compose.yml",
      "Run the upgrade on staging with pg_upgrade",
      "Switch reports/db/pool.py to the new connection options",
      "Known issue: slow report after upgrade",
    ]);
  });

  test("every list the assumptions say was skipped contributes no item", () => {
    for (const plan of [load("not-items.md"), load("perf-steps.md"), load("pentest-report.md")]) {
      for (const line of plan.assumptions) {
        const skipped = /^Skipped (?!\d)\S+(?: entries)? under "([^"]+)"/.exec(line);
        if (skipped === null) continue;
        expect(plan.items.filter((item) => item.group === skipped[1])).toEqual([]);
      }
    }
  });

  test("bullets under Notes that ask for nothing are notes, even in a bullet document", () => {
    const perf = load("perf-steps.md");
    expect(perf.items.map((item) => item.group)).not.toContain("Notes");
    const mixed = planWork([
      {
        file: "n.md",
        text: "## Work\n\n- Fix `a.ts`\n\n## Notes\n\n- a.ts is slow\n- Rename `b.ts` later\n",
      },
    ]);
    expect(mixed.items.map((item) => item.description)).toEqual(["Fix a.ts", "Rename b.ts later"]);
  });
});

describe("7. items without a leading verb in a plan or step list", () => {
  test("Implementation plan and Next steps entries are items, verb or not", () => {
    const plan = load("perf-steps.md");
    expect(plan.items.map((item) => item.description)).toEqual([
      "Bundle splitting: code-split the chart library out of web/src/dashboard/index.tsx",
      "Memoised selectors in web/src/dashboard/selectors.ts",
      "Virtualised rows for the activity feed (web/src/dashboard/Feed.tsx)",
      "Unit tests for all new components",
      "A perf budget check in CI (.github/workflows/perf.yml)",
      "Lighthouse numbers in the PR template",
    ]);
  });
});

describe("8. scopes are files", () => {
  const plan = load("multi-repo.md");

  test("owner/repo names, action refs, label paths, stack names and identifiers are no scopes", () => {
    expect(plan.items.map((item) => item.scope)).toEqual([
      [],
      [],
      [".github/workflows/ci.yml"],
      [".github/triage.yml"],
      ["docs/labels.md"],
      ["internal/token/token.go"],
      ["backend/requirements.txt"],
      ["scripts/mirror.sh"],
      ["auth/handlers", "services/auth/"],
    ]);
  });

  test("a name with a version or a hosting service after it is a repository too; a directory stays a path", () => {
    const plan = planWork([
      {
        file: "f.md",
        text: "- Bump `acme/widgets` to 3.2 in `package.json`\n- Rotate the token of the `acme/deploy-bot` GitHub app in `infra/secrets.tf`\n- Move `billing/invoices` to `services/billing/`\n",
      },
    ]);
    expect(plan.items.map((item) => item.scope)).toEqual([
      ["package.json"],
      ["infra/secrets.tf"],
      ["billing/invoices", "services/billing/"],
    ]);
  });

  test("a label path named by two items causes no overlap", () => {
    expect(plan.overlaps).toEqual([]);
  });

  test("a Repository column and a Repository field name repositories, not directories", () => {
    const table = planWork([
      {
        file: "t.md",
        text: "| Repository | Task |\n|---|---|\n| `acme/web` | Fix the login redirect |\n| `acme/api` | Fix the token refresh |\n",
      },
    ]);
    expect(table.items.map((item) => item.scope)).toEqual([[], []]);
    const field = planWork([
      { file: "f.md", text: "## Upgrade\n\n**Repository:** `acme/widgets`\n\n- Bump the SDK\n" },
    ]);
    expect(field.items.map((item) => item.scope)).toEqual([[]]);
  });
});

describe("9. no silent zero", () => {
  test("a retrospective gives no item and a warning saying what it holds and what is read", () => {
    const plan = load("retro.md");
    expect(plan.items).toEqual([]);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatch(
      /^retro\.md yielded no work items: it has 4 headings, 1 table, 0 list items and 2 paragraphs, none of which reads as work\. Layouts read as work items: a task list/,
    );
  });

  test("a list of issue links is work, a list of page links is not", () => {
    const plan = planWork([
      {
        file: "backlog.md",
        text: "## Backlog\n\n- [Dark mode](https://github.com/acme/web/issues/13)\n- [Export to PDF](https://tracker.example.com/browse/WEB-88)\n\n## Reading\n\n- [Design tokens explained](https://example.com/tokens)\n",
      },
    ]);
    expect(plan.items.map((item) => item.description)).toEqual(["Dark mode", "Export to PDF"]);
  });

  test("a page of links only is no silent zero either", () => {
    const plan = planWork([
      {
        file: "links.md",
        text: "# Links\n\n- [Grafana](https://grafana.example.com)\n- [Runbook](https://wiki.example.com/runbook)\n",
      },
    ]);
    expect(plan.items).toEqual([]);
    expect(plan.warnings[0]).toMatch(
      /^links\.md yielded no work items: it has 1 heading, 0 tables, 2 list items/,
    );
  });
});
