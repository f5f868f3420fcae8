import { expect, test } from "vitest";
import * as api from "./index.js";

test("the public export list is pinned, so it cannot grow by accident", () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "Tmux",
      "TmuxError",
      "escapeArgument",
      "paneTarget",
      "resolveTmuxServer",
      "serverArgs",
      "sessionTarget",
      "socketPath",
    ]
  `);
});
