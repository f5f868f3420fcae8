import { woVitest } from "../../vitest.shared.ts";

export default woVitest;
