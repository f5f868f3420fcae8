/*
 * Path recognition. Inline code is trusted more than bare words: `foo/bar` in backticks is a path, while bare
 * text needs stronger evidence (a known extension, a trailing slash, or a well-known root directory) because
 * prose is full of slashes ("and/or", "client/server") and dots ("Node.js", "e.g.").
 */

const EXTENSIONS = new Set(
  (
    "ts tsx mts cts js jsx mjs cjs json jsonc json5 py pyi ipynb rb go rs java kt kts scala swift m mm c h cc " +
    "cpp cxx hpp hh cs fs fsx vb php pl pm lua r jl dart ex exs erl hrl elm clj cljs hs ml mli nim zig sol sql " +
    "prisma graphql gql proto thrift avsc md mdx markdown rst adoc txt html htm xhtml css scss sass less styl " +
    "vue svelte astro yaml yml toml ini cfg conf env properties xml xsd xsl plist csv tsv lock gradle sbt cmake " +
    "mk sh bash zsh fish ps1 psm1 bat cmd dockerfile tf tfvars hcl nix bzl bazel cabal gemspec podspec csproj " +
    "sln vcxproj pbxproj storyboard xib ejs hbs handlebars pug jinja j2 njk liquid erb haml slim twig tpl svg " +
    "png jpg jpeg gif ico webp wasm snap patch diff pem crt tsbuildinfo http rego cue jsonnet libsonnet " +
    "dhall purs re rei res resi mjml feature robot spec"
  ).split(" "),
);

/** Dot-files and dot-directories worth treating as paths even bare. */
const DOTFILES = new Set(
  (
    "env gitignore gitattributes gitmodules editorconfig npmrc nvmrc yarnrc prettierrc prettierignore eslintrc " +
    "eslintignore babelrc dockerignore github gitlab gitlab-ci travis circleci vscode idea husky changeset " +
    "storybook devcontainer tool-versions python-version node-version ruby-version terraform pre-commit-config " +
    "stylelintrc browserslistrc swcrc mocharc nycrc"
  ).split(" "),
);

/** Extension-less file names that are paths even bare. */
const KNOWN_FILES = new Set(
  (
    "Dockerfile Containerfile Makefile GNUmakefile Gemfile Rakefile Procfile Jenkinsfile Vagrantfile Brewfile " +
    "Podfile Pipfile Justfile Taskfile Caddyfile Earthfile Tiltfile CODEOWNERS LICENSE go.mod go.sum go.work"
  ).split(" "),
);

/** First path segments that mark a bare `a/b` as a path rather than prose. */
const COMMON_ROOTS = new Set(
  (
    "src lib libs app apps packages pkg cmd internal test tests spec specs docs doc scripts script config " +
    "configs www public static assets components services models " +
    "utils helpers tools bin build deploy infra infrastructure migrations db database include crates modules " +
    "examples example fixtures e2e core common shared plugins handlers routes controllers views pages " +
    "templates resources styles cli sdk proto schemas jobs workers tasks hooks store stores mocks charts k8s " +
    "terraform ops ci deployments third_party vendor"
  ).split(" "),
);

/** Member access that looks like a file name: `process.env`, `res.json`. */
const MEMBER_ACCESS = new Set([
  "process.env",
  "res.json",
  "req.json",
  "response.json",
  "request.json",
  "r.json",
]);

/** Framework names that look like files: `Node.js`, `Vue.js`. */
const JS_NAMES = /^[A-Z][A-Za-z0-9]*\.js$/;

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\/|^mailto:|^www\./i;
const LINE_SUFFIX = /(?::L?\d+(?:[-:]L?\d+)*|#L\d+(?:-L?\d+)?|\(\s*(?:line\s*)?\d+(?:[,:-]\s*\d+)*\s*\))$/i;
/**
 * Path segments joined by single slashes; a segment is letters, digits and `_@+~.()[]-` (parentheses and
 * brackets allow route folders such as Next.js `(auth)` and `[id]`).
 */
const PATH_BODY = /^[\p{L}\p{N}_@+~.()[\]-]+(?:\/[\p{L}\p{N}_@+~.()[\]-]+)*$/u;

/** Trims wrapping punctuation of a bare word: `(src/a.ts),` → `src/a.ts`. */
function trimPunctuation(token: string): string {
  return token
    .replace(/^[("'`<[{*_]+/, "")
    .replace(/[)"'`>\]},;:!?*_]+$/, "")
    .replace(/\.+$/, "");
}

/** Normalises a candidate path; returns null when it is not a repository-relative path. */
function normalize(raw: string, strict: boolean): string | null {
  let token = raw.trim();
  if (token.includes("\\")) token = token.replace(/\\/g, "/");
  if (token === "" || URL_LIKE.test(token) || token.includes("..") || token.startsWith("~")) return null;
  if (token.startsWith("@")) return null; // npm scopes (@wo/core) are packages, not paths
  // LINE_SUFFIX ends in a digit or ")": skip the expression for the common token that cannot match.
  const end = token.charCodeAt(token.length - 1);
  if ((end >= 48 && end <= 57) || end === 41) token = token.replace(LINE_SUFFIX, "");
  while (token.startsWith("./")) token = token.slice(2);
  if (token.includes("//")) token = token.replace(/\/{2,}/g, "/");
  // Globs keep their static prefix: src/**/*.ts → src/
  const glob = token.search(/[*?{]/);
  if (glob >= 0) {
    const prefix = token.slice(0, glob);
    const cut = prefix.lastIndexOf("/");
    if (cut <= 0) return null;
    token = prefix.slice(0, cut + 1);
  }
  let leadingSlash = false;
  if (token.startsWith("/")) {
    leadingSlash = true;
    token = token.replace(/^\/+/, "");
  }
  if (token === "" || token === "/") return null;
  const isDir = token.endsWith("/");
  // `body` is the path without its trailing slash; PATH_BODY checks every segment at once.
  const body = isDir ? token.slice(0, -1) : token;
  if (!PATH_BODY.test(body)) return null;
  // `actions/checkout@v4`, `acme/api@1.2.0`: a repository or package at a version, not a file.
  if (/[^/]@/.test(body)) return null;
  const segments = body.split("/");
  if (segments.includes(".") || !/\p{L}/u.test(body)) return null;
  const last = segments[segments.length - 1]!;
  const dot = last.lastIndexOf(".");
  const extension = dot > 0 ? last.slice(dot + 1).toLowerCase() : "";
  const base = dot > 0 ? last.slice(0, dot) : last;
  // "x.ts.disabled", "config.yaml.tmpl": a known extension before a suffix counts when the path has a directory.
  const innerExtension = () =>
    segments.length > 1 &&
    last
      .split(".")
      .slice(1, -1)
      .some((part) => EXTENSIONS.has(part.toLowerCase()));
  const hasExtension =
    !isDir && dot > 0 && (EXTENSIONS.has(extension) || innerExtension()) && /[\p{L}\p{N}]/u.test(base);
  const dotfile = last.startsWith(".") && DOTFILES.has(last.slice(1).split(".")[0]!.toLowerCase());
  const knownFile = KNOWN_FILES.has(last);
  if (segments.length === 1 && !isDir) {
    if (MEMBER_ACCESS.has(last.toLowerCase())) return null;
    if (strict && JS_NAMES.test(last)) return null;
  }
  if (leadingSlash && !hasExtension) return null; // /api/users is a route, /etc/hosts is not in the repo
  if (!hasExtension && !dotfile && !knownFile && notAFile(segments, last, dot)) return null;
  if (isDir) return token;
  if (hasExtension || dotfile || knownFile) return body;
  if (segments.length < 2) return null;
  // Three or more names that all start with a capital and none has an extension are a stack (Django/DRF/Celery),
  // not directories, in code spans too.
  const capitalised = segments.every((segment) => /^\p{Lu}/u.test(segment));
  if (capitalised && segments.length >= 3 && !COMMON_ROOTS.has(segments[0]!.toLowerCase())) return null;
  if (!strict) return body;
  // Bare a/b without extension: only with a well-known root or three or more segments.
  if (
    COMMON_ROOTS.has(segments[0]!.toLowerCase()) ||
    segments[0]!.startsWith(".") ||
    (segments.length >= 3 && !capitalised)
  ) {
    if (segments.every((segment) => /\p{L}/u.test(segment))) return body;
  }
  return null;
}

/** Label namespaces of issue trackers: `area/auth/oauth`, `kind/bug`, `priority/p2` are labels, not paths. */
const LABEL_NAMESPACES = new Set(
  "area kind priority severity sig triage lifecycle team status good-first-issue size prio".split(" "),
);

/** Go standard-library packages that read like two-directory paths (`math/rand`, `net/http`). */
const GO_PACKAGES = new Set(
  (
    "math/rand math/big crypto/rand crypto/tls crypto/hmac crypto/subtle crypto/sha256 crypto/sha1 crypto/md5 " +
    "crypto/aes crypto/cipher crypto/x509 net/http net/url net/mail net/smtp encoding/json encoding/xml " +
    "encoding/base64 encoding/hex encoding/csv io/ioutil io/fs os/exec os/signal path/filepath html/template " +
    "text/template sync/atomic database/sql runtime/debug net/netip log/slog"
  ).split(" "),
);

/** A first segment that is a domain: `github.com/acme/api`, `golang.org/x/crypto` are module paths or URLs. */
const DOMAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|app|co|gov|edu|cloud|sh|me|ai|in|xyz)$/i;

/**
 * Slash-separated names that are not files of the repository: a label (`area/auth/oauth`), a module path under a
 * domain (`golang.org/x/crypto`) or a package member (`crypto/rand.Reader`, `net/http.Handler`: a capital after
 * the last dot is an identifier, not an extension).
 */
function notAFile(segments: readonly string[], last: string, dot: number): boolean {
  if (segments.length < 2) return false;
  if (segments.length === 2 && GO_PACKAGES.has(segments.join("/"))) return true;
  if (LABEL_NAMESPACES.has(segments[0]!.toLowerCase()) || DOMAIN.test(segments[0]!)) return true;
  return dot > 0 && /^\p{Lu}/u.test(last.slice(dot + 1));
}

/**
 * Words that say the `owner/name` next to them is a repository: "the `acme/widgets` repo", "fork of `acme/api`",
 * "Repository: `acme/api`", "open a PR against `acme/web`".
 */
const REPOSITORY_BEFORE =
  /\b(?:repo|repos|repository|repositories|fork(?:ed)?(?: of| from)?|clone|upstream|org|github|gitlab|bitbucket|(?:pr|prs|pull requests?|merge requests?|issues?) (?:against|on|in|to)|(?:mirror|vendor) of)\W{0,4}$/i;
// After it: a repository word, a hosting service ("`acme/bot` GitHub app"), or a version ("`acme/widgets` to 3.2",
// "from v2 to v3"): a directory has no version.
const REPOSITORY_AFTER =
  /^\W{0,3}(?:(?:repo|repos|repository|repositories|fork|monorepo|org|upstream|github|gitlab|bitbucket)\b|(?:to|from)\s+v?\d+(?:\.\d+)*\b)/i;

/**
 * Whether a two-part name such as `acme/widgets` is a repository where it is written: no extension, no trailing
 * slash, a first part that is no well-known directory, and a repository word right before or after it in `line`, or a
 * version after it.
 * `src/auth` or `acme/widgets/src/a.ts` are paths wherever they are.
 */
export function isRepositoryName(path: string, line: string, at: number, length: number): boolean {
  const slash = path.indexOf("/");
  if (slash <= 0 || slash !== path.lastIndexOf("/") || slash === path.length - 1) return false;
  if (path.slice(slash + 1).includes(".") || COMMON_ROOTS.has(path.slice(0, slash).toLowerCase()))
    return false;
  if (at < 0) return false;
  const before = line
    .slice(Math.max(0, at - 40), at)
    .replace(/[`*_[\]()]+/g, " ")
    .trimEnd();
  const after = line.slice(at + length, at + length + 20).replace(/[`*_[\]()]+/g, " ");
  return REPOSITORY_BEFORE.test(before) || REPOSITORY_AFTER.test(after);
}

/** Paths in a piece of inline code: one token is trusted, several tokens (a command) need stronger evidence. */
export function pathsFromCode(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed === "") return [];
  if (!/\s/.test(trimmed)) {
    const path = normalize(trimmed, false);
    return path === null ? [] : [path];
  }
  return pathsFromText(trimmed);
}

/** Paths in prose: bare tokens such as `backend/src/services/x.ts`, `auth/`, `user.py:12-40`. */
export function pathsFromText(text: string): string[] {
  // The words of `text.split(/[\s,]+/)` that contain "." or "/", without splitting out all the others.
  const found: string[] = [];
  let start = 0;
  let marked = false;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    if (isSpaceOrComma(code)) {
      if (marked && i - start >= 3) {
        const path = normalize(trimPunctuation(text.slice(start, i)), true);
        if (path !== null) found.push(path);
      }
      start = i + 1;
      marked = false;
    } else if (code === 46 || code === 47) marked = true;
  }
  return found;
}

/** `[\s,]` for one UTF-16 code unit (JavaScript's `\s`: ASCII and Unicode spaces, line terminators, BOM). */
function isSpaceOrComma(code: number): boolean {
  if (code < 0xa0) return code === 32 || code === 44 || (code >= 9 && code <= 13);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Path behind a link target: relative links (resolved against the document's directory when it is known)
 * and GitHub/GitLab `blob`/`tree` URLs.
 */
export function pathFromUrl(url: string, documentFile: string): string | null {
  const hosted = /^https?:\/\/[^/]+\/[^/]+\/[^/]+\/(?:-\/)?(blob|tree)\/[^/]+\/([^?#]+)/.exec(url);
  if (hosted !== null) {
    const path = decodeSafely(hosted[2]!);
    return normalize(hosted[1] === "tree" ? `${path.replace(/\/$/, "")}/` : path, false);
  }
  if (
    url === "" ||
    url.startsWith("#") ||
    URL_LIKE.test(url) ||
    /^[a-z]+:/i.test(url) ||
    url.startsWith("/")
  ) {
    return null;
  }
  let target = decodeSafely(url.replace(/[?#].*$/, ""));
  const base = documentFile.includes("/") && !documentFile.startsWith("/") ? documentFile : "";
  if (base !== "") target = `${base.slice(0, base.lastIndexOf("/") + 1)}${target}`;
  const resolved = resolveDots(target);
  return resolved === null ? null : normalize(resolved, false);
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // a stray % is kept as written
  }
}

function resolveDots(path: string): string | null {
  const out: string[] = [];
  const segments = path.split("/");
  for (const [index, segment] of segments.entries()) {
    if (segment === "." || (segment === "" && index < segments.length - 1)) continue;
    if (segment === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(segment);
  }
  return out.join("/");
}

/** True when `path` lies inside directory `dir` (which ends with `/`) or equals it. */
export function isInside(path: string, dir: string): boolean {
  return dir.endsWith("/") && path.startsWith(dir);
}

/**
 * Tidies an item's scope: drops duplicates, files inside a listed directory, and bare file names that are
 * the basename of a longer listed path (`user.py` next to `src/user.py`).
 */
export function tidyScope(paths: readonly string[]): string[] {
  // Most items name one path or none: nothing to drop.
  if (paths.length < 2) return [...paths];
  const unique = [...new Set(paths)];
  const dirs = new Set(unique.filter((path) => path.endsWith("/")));
  const basenames = new Set(
    unique.filter((path) => path.includes("/")).map((path) => path.slice(path.lastIndexOf("/") + 1)),
  );
  return unique.filter((path) => {
    // Inside a listed directory? Check each ancestor directory of the path.
    for (let cut = path.indexOf("/"); cut >= 0 && cut < path.length - 1; cut = path.indexOf("/", cut + 1)) {
      if (dirs.has(path.slice(0, cut + 1))) return false;
    }
    return path.includes("/") || !basenames.has(path);
  });
}

/** The directory part of a path (`a/b/c.ts` → `a/b/`, `a/b/` → `a/b/`, `c.ts` → ``). */
export function directoryOf(path: string): string {
  if (path.endsWith("/")) return path;
  const cut = path.lastIndexOf("/");
  return cut < 0 ? "" : path.slice(0, cut + 1);
}

/** Longest common directory of several paths (`` when none). */
export function commonDirectory(paths: readonly string[]): string {
  if (paths.length === 0) return "";
  // Fast path for tidy paths (no empty segments): the longest common prefix, cut after its last "/".
  let common = directoryOf(paths[0]!);
  let tidy = isTidyDirectory(common);
  for (let i = 1; i < paths.length && tidy && common !== ""; i++) {
    const dir = directoryOf(paths[i]!);
    if (!isTidyDirectory(dir)) tidy = false;
    else if (!dir.startsWith(common)) {
      let k = 0;
      const limit = Math.min(common.length, dir.length);
      while (k < limit && common.charCodeAt(k) === dir.charCodeAt(k)) k++;
      common = common.slice(0, common.lastIndexOf("/", k - 1) + 1);
    }
  }
  if (tidy) return common;
  return commonDirectorySlow(paths);
}

/** A directory as `directoryOf` returns it for a normalised path: "" or segments each followed by one "/". */
function isTidyDirectory(dir: string): boolean {
  return dir === "" || (dir.endsWith("/") && !dir.startsWith("/") && !dir.includes("//"));
}

function commonDirectorySlow(paths: readonly string[]): string {
  const split = paths.map((path) => directoryOf(path).split("/").filter(Boolean));
  const first = split[0]!;
  let length = first.length;
  for (const parts of split.slice(1)) {
    let i = 0;
    while (i < length && i < parts.length && parts[i] === first[i]) i++;
    length = i;
  }
  return length === 0 ? "" : `${first.slice(0, length).join("/")}/`;
}
