import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { planWork } from "../src/index.js";

const text = readFileSync(new URL("./fixtures/shapes/stack-upgrade.md", import.meta.url), "utf8");
const plan = planWork([{ file: "UPGRADES.md", text }]);

describe("scopes are files", () => {
  test("stack names, package members, module paths, domains and label paths are not scopes", () => {
    expect(plan.items.map((item) => item.scope)).toEqual([
      ["backend/requirements.txt"],
      ["auth/token.go"],
      ["go.mod"],
      ["auth/oidc.go"],
      ["web/auth/callback.tsx"],
      ["web/auth/banner.tsx"],
    ]);
  });

  test("a stack in a code span is no scope either, and two items naming it do not overlap", () => {
    const result = planWork([
      {
        file: "x.md",
        text: "- Bump `Django/DRF/Celery` in `requirements.txt`\n- Pin `Django/DRF/Celery` in `constraints.txt`\n- Move `Assets/Scripts/Player.cs` to `Game/Actors/`\n",
      },
    ]);
    expect(result.items.map((item) => item.scope)).toEqual([
      ["requirements.txt"],
      ["constraints.txt"],
      ["Assets/Scripts/Player.cs", "Game/Actors/"],
    ]);
    expect(result.overlaps).toEqual([]);
  });

  test("a label path shared by two items causes no overlap", () => {
    expect(plan.overlaps).toEqual([]);
  });

  test("real paths that look alike still count", () => {
    const result = planWork([
      {
        file: "x.md",
        text: "- Fix `src/Area/View.tsx`\n- Fix docs/guides/setup\n- Fix `pkg/http.go`\n- Fix `lib/`\n",
      },
    ]);
    expect(result.items.map((item) => item.scope)).toEqual([
      ["src/Area/View.tsx"],
      ["docs/guides/setup"],
      ["pkg/http.go"],
      ["lib/"],
    ]);
  });
});
