// Stand-ins, in the bundle only, for two of marked-terminal's dependencies the CLI never calls: the syntax
// highlighter (highlight.js, over 1 MB; code blocks are rendered by terminal-markdown.ts in one colour) and the
// emoji table (`emoji: false`). tsup.config.ts aliases the two packages to this file.

/** cli-highlight's `highlight`, returning the code as it is. */
export function highlight(code: string): string {
  return code;
}

/** node-emoji's `get`: no emoji is known. */
export function get(_name: string): undefined {
  return undefined;
}
