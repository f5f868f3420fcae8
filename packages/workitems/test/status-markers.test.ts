import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { workItemsFromMarkdown } from "../src/index.js";

const text = readFileSync(new URL("./fixtures/shapes/status-markers.md", import.meta.url), "utf8");
const result = workItemsFromMarkdown(text, { file: "READY.md" });

function doneOf(start: string): boolean {
  const item = result.items.find((entry) => entry.description.startsWith(start));
  if (item === undefined) throw new Error(`no item starts with "${start}"`);
  return item.done;
}

describe("status markers", () => {
  test.each(["No tests for", "Missing rollback script", "Idempotency keys", "TODO: document"])(
    "%s… (❌, ✗, 🔴, TODO) is open",
    (start) => {
      expect(doneOf(start)).toBe(false);
    },
  );

  test.each(["Alerting wired", "Feature flag removed", "Bump the Stripe SDK"])(
    "%s… (✅, ✔, ~~struck~~) is done",
    (start) => {
      expect(doneOf(start)).toBe(true);
    },
  );

  test.each(["Token written to the request log", "Fixed in a1b2c3d", "Retry storm on 502s"])(
    '%s… ("fixed in #412", "Fixed in <sha>:", a "Fix applied:" line) is done',
    (start) => {
      expect(doneOf(start)).toBe(true);
    },
  );

  test("a Status: missing line keeps an entry open", () => {
    expect(doneOf("Webhook handler swallows errors")).toBe(false);
  });

  test("a red circle in a status list is an open entry that keeps its P0", () => {
    const item = result.items.find((entry) => entry.description.startsWith("Idempotency keys"))!;
    expect(item.priority).toBe("P0");
  });

  test("the judgement is written down", () => {
    expect(result.assumptions).toContain(
      'Items 8-10: says it is done ("Fixed in …", "Fix applied:"): read as done',
    );
  });

  test.each<[string, string, boolean]>([
    [
      "a ❌ checklist entry",
      "- ❌ Rate limiter for `api/login.ts`\n- ✅ CSRF tokens in `api/forms.ts`\n",
      false,
    ],
    ["a bare Fix applied bullet", "- **Fix applied:** escaped the HTML in `web/comment.tsx`\n", true],
    ["resolved in a version", "- Resolved in v2.4: race in `lib/cache.ts`\n", true],
    ["a negated fix", "- Not fixed in #12: race in `lib/cache.ts`\n", false],
    ["a plain finding", "- Race in `lib/cache.ts` when two writers flush\n", false],
  ])("%s", (_name, markdown, done) => {
    expect(workItemsFromMarkdown(markdown).items[0]!.done).toBe(done);
  });
});
