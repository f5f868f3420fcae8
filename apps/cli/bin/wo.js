#!/usr/bin/env node
import { installInterruptHandlers, main } from "../dist/main.js";

installInterruptHandlers(process.stderr);
process.exitCode = await main(process.argv.slice(2));
