/** Why a scope path would leave the repository, or `null` when it stays inside. Pure. */
export function scopePathProblem(scope: string): string | null {
  if (scope === "") return "it is empty";
  if (scope.startsWith("/") || /^[A-Za-z]:/.test(scope)) return "it is absolute";
  if (scope.split("/").includes("..")) return `it contains ".."`;
  if (/[\\\0]/.test(scope)) return "it contains a backslash or NUL";
  return null;
}
