import { describe, expect, test } from "vitest";
import { planWork, renderManifest, renderMermaid, switchTarget, toPlanJson } from "../src/index.js";

const review = `# Review of the billing service

## Critical Findings

1. **SQL injection** in \`api/search.ts\` — use bound parameters.
2. **Token leak** in \`auth/session.ts\`
   - [ ] Rotate the signing keys in \`auth/keys.ts\`
   - [ ] Add a regression test in \`auth/session.test.ts\`

## Medium

- [ ] Refactor the retry helper in \`jobs/retry.ts\` | it is copy-pasted
- [ ] Update \`jobs/worker.ts\` to use the new retry helper (after item-4)

## Nits

- [ ] Improve performance
- [x] Fix typo in \`docs/a.md\`
`;

describe("the Work Item Manifest", () => {
  test("renders every section of the documented manifest", () => {
    const plan = planWork([{ file: "review.md", text: review }]);
    expect(renderManifest(plan)).toMatchInlineSnapshot(`
      "## Work Item Manifest

      **Source documents:** review.md
      **Total items extracted:** 7 (1 already done)

      ### Ready to Assign (5 items)

      | # | Action | Description | Scope | Size | Dependencies |
      |---|--------|-------------|-------|------|--------------|
      | 1 | fix | SQL injection in api/search.ts — use bound parameters. (P0) | api/search.ts | M | — |
      | 2 | update | Rotate the signing keys in auth/keys.ts (P0) | auth/keys.ts | M | — |
      | 3 | test | Add a regression test in auth/session.test.ts (P0) | auth/session.test.ts | M | — |
      | 4 | refactor | Refactor the retry helper in jobs/retry.ts \\| it is copy-pasted (P2) | jobs/retry.ts | M | — |
      | 5 | update | Update jobs/worker.ts to use the new retry helper (after item-4) (P2) | jobs/worker.ts | M | 4 |

      ### Needs Clarification (1 item)

      | # | Original Text | Issue |
      |---|---------------|-------|
      | 6 | "Improve performance" | Too vague—what exactly, and in which module? |

      ### Assumptions Made

      - Item 7: already done; not assigned

      ### Parallelization Assessment

      **Recommendation:** Parallel execution with 2 workers

      **Reason:** Mix of independent clusters — grouped into 2 workers

      | Worker | Items | Focus | Est. Complexity |
      |--------|-------|-------|-----------------|
      | task-1-token-leak | 1-3 | Token leak — mixed work | L |
      | task-2-jobs | 4, 5 | jobs — mixed work | L |

      **File ownership:**

      - task-1-token-leak: \`api/search.ts\`, \`auth/keys.ts\`, \`auth/session.test.ts\`
      - task-2-jobs: \`jobs/retry.ts\`, \`jobs/worker.ts\`

      Item 6 excluded pending clarification.

      ---

      **Proceed with this split?** [Y] Yes / [N] Modify / [C] Clarify items first / [S] Switch to sequential
      "
    `);
  });

  test("escapes | and line breaks from documents in table cells", () => {
    const plan = planWork([
      {
        file: "a|b.md",
        text: "- [ ] Fix `a/x.ts` when a | b\n- [ ] Handle `b|c` \\| pipes in `b/y.ts`\n- [ ] ??? | \n",
      },
    ]);
    const manifest = renderManifest(plan);
    const rows = manifest
      .split("\n")
      .filter((line) => line.startsWith("| 1 ") || line.startsWith("| 2 ") || line.startsWith("| 3 "));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      // Every unescaped pipe is a column separator: 6 columns in Ready to Assign, 3 in Needs Clarification.
      const separators = row.replace(/\\\|/g, "").split("|").length - 1;
      expect([4, 7]).toContain(separators);
    }
    expect(manifest).toContain("**Source documents:** a\\|b.md");
  });

  test("ends with the Proceed? line", () => {
    const parallel = planWork([
      { file: "x.md", text: "- Refactor `a/x.ts`\n- Refactor `b/y.ts`\n- Refactor `c/z.ts`\n" },
    ]);
    expect(renderManifest(parallel).trimEnd().split("\n").at(-1)).toBe(
      "**Proceed with this split?** [Y] Yes / [N] Modify / [C] Clarify items first / [S] Switch to sequential",
    );
    const sequential = planWork([{ file: "x.md", text: "- Refactor `a/x.ts`\n- Refactor `b/y.ts`\n" }]);
    expect(renderManifest(sequential).trimEnd().split("\n").at(-1)).toBe(
      "**Proceed with this plan?** [Y] Yes / [N] Modify / [C] Clarify items first / [P] Switch to parallel",
    );
  });

  test("offers to switch to parallel only where a split can be made, and the switch makes one", () => {
    const few = [{ file: "x.md", text: "- Refactor `a/x.ts`\n- Refactor `b/y.ts`\n" }];
    expect(switchTarget(planWork(few))).toBe("parallel");
    const split = planWork(few, { parallel: true });
    expect(split.assessment).toMatchObject({ mode: "parallel", workers: 2 });
    expect(switchTarget(split)).toBe("sequential");
    expect(switchTarget(planWork(few, { workers: 1 }))).toBe("parallel");
    const tests = [
      "- Add tests for refunds in `tests/test_payment_refunds.py`",
      "- Add tests for charges in `tests/test_payment_charges.py`",
      "- Add tests for payouts in `tests/test_payment_payouts.py`",
      "",
    ].join("\n");
    expect(planWork([{ file: "t.md", text: tests }]).assessment.rule).toBe("tests-for-one-module");
    expect(planWork([{ file: "t.md", text: tests }], { parallel: true }).assessment.mode).toBe("parallel");
    // Parallel workers would conflict, or there is nothing to split: no switch, and asking for one changes nothing.
    for (const text of [
      "- Fix the parser in `src/parse.ts`\n- Speed up the parser in `src/parse.ts`\n- Document the parser in `src/parse.ts`\n",
      "- Refactor `a/x.ts`\n",
    ]) {
      const plan = planWork([{ file: "x.md", text }]);
      expect(plan.assessment.mode).toBe("sequential");
      expect(switchTarget(plan)).toBeNull();
      expect(renderManifest(plan).trimEnd().split("\n").at(-1)).toBe(
        "**Proceed with this plan?** [Y] Yes / [N] Modify / [C] Clarify items first",
      );
      expect(planWork([{ file: "x.md", text }], { parallel: true }).assessment.mode).toBe("sequential");
    }
  });

  test("an empty plan still renders", () => {
    expect(renderManifest(planWork([]))).toContain("No items are ready to assign.");
  });
});

describe("the mermaid graph", () => {
  test("starts with graph TD, has one subgraph per worker and an arrow per dependency", () => {
    const plan = planWork([{ file: "review.md", text: review }]);
    const mermaid = renderMermaid(plan);
    expect(mermaid.startsWith("graph TD\n")).toBe(true);
    expect(mermaid).toContain("item4 --> item5");
    expect(mermaid.match(/^ {2}subgraph /gm)).toHaveLength(plan.workers.length);
    expect(mermaid).toContain("class item6 clarify");
    expect(mermaid).toContain("class item7 done");
  });

  test("quotes and angle brackets in labels are escaped", () => {
    const plan = planWork([{ file: "q.md", text: '- Fix "quoted" <b>tags</b> in `a/x.ts`\n' }]);
    const mermaid = renderMermaid(plan);
    expect(mermaid).toContain("#quot;quoted#quot;");
    expect(mermaid).not.toMatch(/\["[^\]]*"[^\]]*"[^\]]*"\]/);
  });
});

describe("the JSON contract", () => {
  test("has exactly the keys of the documented wo plan --json", () => {
    const json = toPlanJson(planWork([{ file: "review.md", text: review }]));
    expect(Object.keys(json)).toEqual([
      "sources",
      "items",
      "clarify",
      "assumptions",
      "assessment",
      "workers",
    ]);
    expect(Object.keys(json.items[0]!)).toEqual([
      "id",
      "action",
      "description",
      "scope",
      "priority",
      "complexity",
      "dependencies",
      "group",
      "done",
      "source",
    ]);
    expect(Object.keys(json.items[0]!.source)).toEqual(["file", "line"]);
    expect(Object.keys(json.clarify[0]!)).toEqual(["id", "text", "issue"]);
    expect(Object.keys(json.assessment)).toEqual(["mode", "reason", "workers"]);
    expect(Object.keys(json.workers[0]!)).toEqual([
      "id",
      "name",
      "items",
      "scope",
      "complexity",
      "dependsOn",
    ]);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
