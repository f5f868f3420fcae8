import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  type Plan,
  planWork,
  renderManifest,
  renderMermaid,
  toPlanJson,
  workItemsFromMarkdown,
} from "../src/index.js";

const verbs = [
  "Fix",
  "Refactor",
  "Add",
  "Remove",
  "Update",
  "Document",
  "Investigate",
  "Test",
  "Improve",
  "Rename",
  "",
];
const paths = [
  "src/a.ts",
  "src/b.ts",
  "src/",
  "lib/c.py",
  "web/d.tsx",
  "web/",
  "api/e.go",
  "docs/f.md",
  "README.md",
  "src/models/user.py",
  "src/api/users.py",
];
const words = [
  "the",
  "parser",
  "login",
  "cache",
  "user",
  "model",
  "flaky",
  "all",
  "comprehensive",
  "typo",
  "endpoint",
  "performance",
];

const phrase = fc
  .tuple(
    fc.constantFrom(...verbs),
    fc.array(fc.constantFrom(...words), { maxLength: 4 }),
    fc.option(fc.tuple(fc.constantFrom(...paths), fc.boolean()), { nil: undefined }),
  )
  .map(([verb, rest, path]) => {
    const scope = path === undefined ? "" : path[1] ? `\`${path[0]}\`` : path[0];
    return [verb, ...rest, scope].join(" ").trim();
  });

const dependency = fc.constantFrom(
  "",
  " after item-2",
  " (depends on T001, T003)",
  " after #1",
  " blocked by the parser",
  " requires the user model",
  " after item-99",
);

const line = fc.oneof(
  fc
    .tuple(
      fc.constantFrom("# ", "## ", "### "),
      fc.constantFrom(
        "Backend",
        "High Priority",
        "Phase 1: Setup",
        "Phase 2: User Story 1 (Priority: P1)",
        "Done",
        "Notes",
        "Critical Findings",
      ),
    )
    .map(([a, b]) => a + b),
  fc
    .tuple(
      fc.constantFrom("- [ ] ", "- [x] ", "* ", "1. ", "2. ", "  - ", "    - [ ] ", "- **File**: ", "> - "),
      phrase,
      dependency,
    )
    .map(([a, b, c]) => a + b + c),
  fc
    .tuple(fc.constantFrom("- [ ] T001 ", "- [ ] T002 [P] ", "- [ ] T003 [US1] "), phrase)
    .map(([a, b]) => a + b),
  phrase.map((text) => `We should ${text.toLowerCase()}.`),
  fc.constantFrom(
    "",
    "```",
    "~~~",
    "---",
    "| a | b |",
    "|---|---|",
    "<div>",
    "**Backend**",
    "[ref]: src/x.ts",
    "    code",
  ),
);

const markdown = fc.array(line, { maxLength: 30 }).map((lines) => lines.join("\n"));

function checkInvariants(plan: Plan): void {
  const ids = plan.items.map((item) => item.id);
  expect(ids).toEqual(plan.items.map((_, index) => `item-${index + 1}`));
  const known = new Set(ids);
  for (const item of plan.items) {
    for (const dependency of item.dependencies) {
      expect(known.has(dependency)).toBe(true);
      expect(dependency).not.toBe(item.id);
    }
  }
  const clarify = new Set(plan.clarify.map((entry) => entry.id));
  const ready = plan.items.filter((item) => !item.done && !clarify.has(item.id)).map((item) => item.id);
  const assigned = plan.workers.flatMap((worker) => worker.items);
  expect([...assigned].sort()).toEqual([...ready].sort());
  expect(new Set(assigned).size).toBe(assigned.length);

  const workerIds = plan.workers.map((worker) => worker.id);
  expect(workerIds).toEqual(plan.workers.map((_, index) => `task-${index + 1}`));
  for (const worker of plan.workers) {
    expect(worker.name).toMatch(/^[a-z0-9][a-z0-9-]{0,62}$/);
    expect(worker.name.length).toBeLessThanOrEqual(40);
    for (const other of worker.dependsOn) {
      expect(workerIds).toContain(other);
      expect(other).not.toBe(worker.id);
    }
  }
  // Worker scopes are pairwise exclusive, or the overlap is flagged with both workers.
  for (const [i, a] of plan.workers.entries()) {
    for (const b of plan.workers.slice(i + 1)) {
      for (const path of a.scope) {
        const clash = b.scope.find(
          (other) =>
            other === path ||
            other.startsWith(path.endsWith("/") ? path : "\0") ||
            path.startsWith(other.endsWith("/") ? other : "\0"),
        );
        if (clash === undefined) continue;
        const flagged = plan.overlaps.some(
          (overlap) => overlap.workers.includes(a.id) && overlap.workers.includes(b.id),
        );
        expect(flagged, `${a.id} and ${b.id} both own ${path}/${clash}`).toBe(true);
      }
    }
  }
  expect(plan.assessment.workers).toBe(plan.workers.length);
  if (plan.assessment.mode === "sequential") expect(plan.workers.length).toBeLessThanOrEqual(1);
  // Inside a worker, prerequisites come first (unless they form a cycle).
  const inCycle = new Set(plan.cycles.flat());
  for (const worker of plan.workers) {
    const position = new Map(worker.items.map((id, index) => [id, index]));
    for (const id of worker.items) {
      const item = plan.items.find((candidate) => candidate.id === id)!;
      for (const dependency of item.dependencies) {
        if (position.has(dependency) && !(inCycle.has(id) && inCycle.has(dependency))) {
          expect(position.get(dependency)!).toBeLessThan(position.get(id)!);
        }
      }
    }
  }
}

describe("properties", () => {
  test("arbitrary text never makes extraction or planning throw", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (text) => {
        const plan = planWork([{ file: "x.md", text }]);
        renderManifest(plan);
        renderMermaid(plan);
        toPlanJson(plan);
        workItemsFromMarkdown(text);
      }),
      { numRuns: 300 },
    );
  });

  test("plans of generated work-item documents keep every invariant", () => {
    fc.assert(
      fc.property(
        markdown,
        markdown,
        fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
        (first, second, workers) => {
          const plan = planWork(
            [
              { file: "one.md", text: first },
              { file: "two.md", text: second },
            ],
            workers === undefined ? {} : { workers },
          );
          checkInvariants(plan);
          if (workers !== undefined && plan.assessment.mode === "parallel")
            expect(plan.workers.length).toBeLessThanOrEqual(workers);
          expect(() => renderManifest(plan)).not.toThrow();
        },
      ),
      { numRuns: 400 },
    );
  });

  test("worker dependencies never go round in a circle", () => {
    fc.assert(
      fc.property(markdown, (text) => {
        const plan = planWork([{ file: "x.md", text }]);
        const waits = new Map(plan.workers.map((worker) => [worker.id, worker.dependsOn]));
        const visiting = new Set<string>();
        const done = new Set<string>();
        const visit = (id: string): void => {
          if (done.has(id)) return;
          expect(visiting.has(id), `cycle through ${id}`).toBe(false);
          visiting.add(id);
          for (const next of waits.get(id) ?? []) visit(next);
          visiting.delete(id);
          done.add(id);
        };
        for (const id of waits.keys()) visit(id);
      }),
      { numRuns: 300 },
    );
  });
});
