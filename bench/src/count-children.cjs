// Preloaded with `node --require` into a measured process: counts every child process it starts (all of
// child_process — spawn, execFile, fork, execa — goes through ChildProcess.prototype.spawn) and writes the count to
// $WO_BENCH_COUNT_FILE when the process exits.
const { ChildProcess } = require("node:child_process");
const { appendFileSync } = require("node:fs");

const file = process.env.WO_BENCH_COUNT_FILE;
if (file) {
  const counts = {};
  const original = ChildProcess.prototype.spawn;
  ChildProcess.prototype.spawn = function spawn(options) {
    const name = require("node:path").basename(String(options?.file ?? "?"));
    counts[name] = (counts[name] ?? 0) + 1;
    return original.call(this, options);
  };
  process.on("exit", () => appendFileSync(file, `${JSON.stringify(counts)}\n`));
}
