import { oneLine } from "../text.js";
import { SPEC_ID } from "./spec-kit.js";

// An item's description: its title without the markers that only say priority, parallelism or story.

/** spec-kit markers after the id: `[P]` (parallel) and `[US1]`/`[Story 2]` (user story). */
const SPEC_MARKER = /^\[(P|US\d+|Story\s*\d+|S\d+)\]\s*/i;
/** Priority tags before a title (`[P1]`, `HIGH:`, `🔴`): the priority is read elsewhere, the tag is dropped. */
const LEADING_PRIORITY =
  /^(?:\[(?:P[0-3]|critical|blocker|urgent|high|medium|low|minor|major)\]|\((?:P[0-3]|critical|high|medium|low)\)|P[0-3]\s*[:\-–—]|(?:CRITICAL|BLOCKER|URGENT|HIGH|MEDIUM|LOW|MAJOR|MINOR)\s*[:\-–—]|[🔴🟠🟡🟢🔵🚨])\s*/u;
/** Priority tags after a title (`(P2)`, `[priority: high]`). */
const TRAILING_PRIORITY = /\s*[[(](?:priority:?\s*)?(?:P[0-3]|critical|high|medium|low)[\])]\s*$/i;

/** The title without spec-kit markers and priority tags, with the task id and markers it carried. */
export function cleanDescription(text: string): {
  description: string;
  taskId: string | null;
  parallel: boolean;
  story: string | null;
} {
  let rest = oneLine(text);
  let taskId: string | null = null;
  let parallel = false;
  let story: string | null = null;
  const id = SPEC_ID.exec(rest);
  if (id?.[1] !== undefined) {
    taskId = id[1];
    rest = rest.slice(id[0].length);
  }
  for (let guard = 0; guard < 4; guard++) {
    const marker = SPEC_MARKER.exec(rest);
    if (marker?.[1] === undefined) break;
    if (marker[1].toUpperCase() === "P") parallel = true;
    else story = marker[1].toUpperCase().replace(/\s+/g, "");
    rest = rest.slice(marker[0].length);
  }
  rest = rest.replace(/^(?:\p{Extended_Pictographic}|\uFE0F|\s)+/u, "");
  for (let guard = 0; guard < 3; guard++) {
    const leading = LEADING_PRIORITY.exec(rest);
    if (leading === null || leading[0] === "") break;
    rest = rest.slice(leading[0].length);
  }
  rest = rest.replace(TRAILING_PRIORITY, "");
  const description = taskId === null ? rest : `${taskId} ${rest}`.trim();
  return { description: description.trim(), taskId, parallel, story };
}
