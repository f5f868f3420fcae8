import { existsSync } from "node:fs";
import { chmod, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { tempDir } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { useCliWorld } from "./run.js";

const world = useCliWorld();

/** Fake agent programs: each answers `--version` and `--help` like the real one would. */
async function fakeAgents(helps: Record<string, { version: string; help: string }>): Promise<string> {
  const dir = await tempDir("wo-bin-");
  for (const [name, { version, help }] of Object.entries(helps)) {
    const script = `#!/bin/sh
case "$1" in
  --version) echo ${JSON.stringify(version)} ;;
  --help) printf '%s\\n' ${JSON.stringify(help)} ;;
  *) echo "unexpected: $*" >&2; exit 3 ;;
esac
`;
    await writeFile(path.join(dir, name), script);
    await chmod(path.join(dir, name), 0o755);
  }
  return dir;
}

const CLAUDE = {
  version: "2.1.197 (Claude Code)",
  help: "Usage: claude [options] [prompt]\n  --dangerously-skip-permissions  Bypass all permission checks\n  --settings <file-or-json>  Load additional settings",
};
const CODEX_OLD = {
  version: "codex-cli 0.100.0",
  help: "Usage: codex [OPTIONS] [PROMPT]\n  -c, --config <key=value>\n      --dangerously-bypass-approvals-and-sandbox",
};

/** A world whose HOME is a temporary directory (Claude Code's state file lives there) and whose PATH has `bin`. */
async function doctorWorld(bin: string, config?: unknown) {
  const home = await tempDir("wo-home-");
  const w = await world({
    env: { HOME: home, PATH: `${bin}:${process.env.PATH}`, IS_SANDBOX: "1", ANTHROPIC_API_KEY: "" },
    ...(config ? { files: { "wo.config.json": JSON.stringify(config) } } : {}),
  });
  return { ...w, home, stateFile: path.join(home, ".claude.json") };
}

describe("wo doctor", () => {
  test("exits 0 and says ready when the configured agent is installed, knows its flags and needs no consent", async () => {
    const w = await doctorWorld(await fakeAgents({ claude: CLAUDE }));
    await writeFile(
      w.stateFile,
      JSON.stringify({
        hasCompletedOnboarding: true,
        projects: { [w.repo.dir]: { hasTrustDialogAccepted: true } },
      }),
    );
    const result = await w.runProcess(["doctor", "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: true, repository: w.repo.dir, agent: "claude", fixed: null });
    expect(report.agents.find((a: { name: string }) => a.name === "claude")).toMatchObject({
      program: "claude",
      version: "2.1.197 (Claude Code)",
      configured: true,
      flags: [
        { flag: "--settings", inHelp: true },
        { flag: "--dangerously-skip-permissions", inHelp: true },
      ],
      consent: [],
    });
    expect(report.agents.find((a: { name: string }) => a.name === "gemini")).toMatchObject({
      path: null,
      flags: [],
    });
    expect(report.tools.map((t: { name: string }) => t.name)).toEqual(["git", "tmux"]);
    expect(report.root).toEqual({ isRoot: process.getuid?.() === 0, sandbox: true });
  });

  test("missing trust exits 1 and says what to do; --fix records it after a backup and then it is ready", async () => {
    const w = await doctorWorld(await fakeAgents({ claude: CLAUDE }));
    await writeFile(w.stateFile, JSON.stringify({ hasCompletedOnboarding: true, theme: "dark" }));
    const before = await w.runProcess(["doctor"]);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain(
      `needed: Claude Code does not trust ${w.repo.dir} yet (its "Do you trust this folder?" dialog would block the worker)\n  Run claude once in ${w.repo.dir} and answer yes, or let wo record the answer: wo doctor --fix`,
    );
    expect(before.stdout).toContain("Not ready: claude");

    const fixed = await w.runProcess(["doctor", "--fix"]);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain(
      `Recorded projects[${JSON.stringify(w.repo.dir)}].hasTrustDialogAccepted in ${w.stateFile}`,
    );
    expect(fixed.stdout).toContain("Ready: claude can run unattended here");
    const state = JSON.parse(await readFile(w.stateFile, "utf8"));
    expect(state).toEqual({
      hasCompletedOnboarding: true,
      theme: "dark",
      projects: { [w.repo.dir]: { hasTrustDialogAccepted: true } },
    });
    const backups = (await readdir(w.home)).filter((f) => f.startsWith(".claude.json.wo-backup-"));
    expect(backups).toHaveLength(1);
    expect(JSON.parse(await readFile(path.join(w.home, backups[0] as string), "utf8"))).toEqual({
      hasCompletedOnboarding: true,
      theme: "dark",
    });
  });

  test("without --fix nothing is written", async () => {
    const w = await doctorWorld(await fakeAgents({ claude: CLAUDE }));
    expect((await w.runProcess(["doctor", "--json"])).code).toBe(1);
    expect(existsSync(w.stateFile)).toBe(false);
  });

  test("a configured agent that is not installed exits 1", async () => {
    const w = await doctorWorld(await fakeAgents({}), { agent: "gemini" });
    const result = await w.runProcess(["doctor", "--json"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, agent: "gemini" });
  });

  test("a preset flag its --help does not list is reported, and fails the configured agent", async () => {
    const w = await doctorWorld(await fakeAgents({ codex: CODEX_OLD }), { agent: "codex" });
    const result = await w.runProcess(["doctor"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("warning: codex --help does not list --no-daemon (wo starts it with it)");
    expect(result.stdout).not.toContain("does not list -c");
  });
});
