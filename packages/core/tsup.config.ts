import { woTsup } from "../../tsup.base.ts";

export default woTsup({ entry: ["src/index.ts", "src/internal.ts"] });
