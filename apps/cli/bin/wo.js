#!/usr/bin/env node
import module from "node:module";

// Node 22+: cache compiled code between runs (wo is called in loops); a no-op where unavailable.
module.enableCompileCache?.();
const { installInterruptHandlers, main } = await import("../dist/main.js");
installInterruptHandlers(process.stderr);
process.exitCode = await main(process.argv.slice(2));
