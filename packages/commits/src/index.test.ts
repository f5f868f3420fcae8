import { expect, test } from "vitest";
import { hello } from "./index.js";

test("works", () => expect(hello()).toBe("x"));
