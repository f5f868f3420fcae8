import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import * as core from "../src/index.js";

const INDEX = new URL("../src/index.ts", import.meta.url).pathname;
const API_DOC = new URL("../../../docs/api.md", import.meta.url).pathname;

const OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  allowImportingTsExtensions: true,
  noEmit: true,
};

/** A program over the sources that keeps JSDoc (compilers may skip parsing it in .ts files). */
function program(): ts.Program {
  const host = ts.createCompilerHost(OPTIONS);
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseAll;
  return ts.createProgram({ rootNames: [INDEX], options: OPTIONS, host });
}

/** Every name `src/index.ts` exports, values and types, with whether it carries JSDoc (via the TypeScript checker). */
function exportedDeclarations(): Map<string, { documented: boolean }> {
  const built = program();
  const checker = built.getTypeChecker();
  const source = built.getSourceFile(INDEX) as ts.SourceFile;
  const moduleSymbol = checker.getSymbolAtLocation(source) as ts.Symbol;
  const result = new Map<string, { documented: boolean }>();
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const documented =
      target.getDocumentationComment(checker).length > 0 ||
      (target.declarations ?? []).some((d) => ts.getJSDocCommentsAndTags(d).length > 0);
    result.set(symbol.getName(), { documented });
  }
  return result;
}

describe("the public API of @wo/core", () => {
  test("the runtime export list is pinned, so it cannot grow by accident", () => {
    expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
      [
        "AGENT_PRESETS",
        "CONFIG_FILE",
        "DEFAULT_CONFIG",
        "FEATURE_NAME_PATTERN",
        "Orchestrator",
        "WoError",
        "acquireRepositoryLock",
        "checkpointWorker",
        "featureNameProblem",
        "isValidFeatureName",
        "isWoError",
        "loadConfig",
        "parseConfig",
        "planFromFiles",
        "readPlanFile",
        "renderMonitorReport",
        "reportWorker",
        "selectForIntegration",
        "splitCommandLine",
        "validateFeatureName",
      ]
    `);
  });

  test("every export carries JSDoc", () => {
    const undocumented = [...exportedDeclarations()].filter(([, d]) => !d.documented).map(([name]) => name);
    expect(undocumented).toEqual([]);
  });

  test("every public member of Orchestrator carries JSDoc", () => {
    const built = program();
    built.getTypeChecker(); // binds the files: JSDoc lookups need parent pointers
    const file = built.getSourceFile(INDEX.replace("index.ts", "orchestrator.ts")) as ts.SourceFile;
    const missing: string[] = [];
    file.forEachChild(function visit(node) {
      if (ts.isClassDeclaration(node) && node.name?.text === "Orchestrator") {
        for (const member of node.members) {
          const name = member.name && ts.isIdentifier(member.name) ? member.name.text : null;
          const isPrivate = member.name && ts.isPrivateIdentifier(member.name);
          const hidden = ts.getCombinedModifierFlags(member as ts.Declaration) & ts.ModifierFlags.Private;
          if (!name || isPrivate || hidden || ts.isConstructorDeclaration(member)) continue;
          if (ts.getJSDocCommentsAndTags(member).length === 0 && !["repo", "config", "tmux"].includes(name))
            missing.push(name);
        }
      }
    });
    expect(missing).toEqual([]);
  });

  test("docs/api.md documents every runtime export and names only things that exist", () => {
    const doc = readFileSync(API_DOC, "utf8");
    const documented = new Set([...doc.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1] as string));
    const exported = exportedDeclarations();
    const runtime = Object.keys(core);
    expect(runtime.filter((name) => !documented.has(name))).toEqual([]);
    const headings = [...doc.matchAll(/^### `([A-Za-z_][A-Za-z0-9_]*)/gm)].map((m) => m[1] as string);
    expect(headings.filter((name) => !exported.has(name))).toEqual([]);
    const typeMentions = [...doc.matchAll(/Types?: ([^\n]+)/g)].flatMap((m) =>
      [...(m[1] as string).matchAll(/`([A-Za-z]+)`/g)].map((t) => t[1] as string),
    );
    expect(typeMentions.filter((name) => !exported.has(name))).toEqual([]);
  });
});
