import { woTsup } from "../../tsup.base.ts";

// `names` is its own entry (`@wo/worktree/names`): the feature-name rule without execa or any file access.
export default woTsup({ entry: ["src/index.ts", "src/names.ts"] });
