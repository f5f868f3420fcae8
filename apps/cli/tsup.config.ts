import { readFileSync } from "node:fs";
import { woTsup } from "../../tsup.base.ts";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as {
  version: string;
};

// An app: no type declarations; commands are split into chunks that load only when their command runs.
export default woTsup({
  entry: ["src/main.ts"],
  dts: false,
  splitting: true,
  define: { __WO_VERSION__: JSON.stringify(version) },
});
