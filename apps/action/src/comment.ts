import { getOctokit } from "@actions/github";
import { ActionError } from "./errors.js";

/** The hidden first line that marks the action's own comment: the one comment a pull request gets, updated. */
export const COMMENT_MARKER = "<!-- wo-action:monitor-report -->";

/** GitHub refuses comment bodies longer than this. */
const MAX_BODY = 65_536;

/** The comment body for a report: the marker, then the report, cut to GitHub's limit with a note. Pure. */
export function commentBody(markdown: string): string {
  const body = `${COMMENT_MARKER}\n${markdown}`;
  if (body.length <= MAX_BODY) return body;
  const note = "\n\n… (cut to GitHub's comment size limit; the full report is in the job summary)\n";
  return body.slice(0, MAX_BODY - note.length) + note;
}

/**
 * The pull request a run is about, or `null`: `pull_request.number` of a pull-request event, or the issue number of
 * a comment event on a pull request. Pure.
 */
export function pullRequestOf(payload: unknown): number | null {
  const event = payload as {
    pull_request?: { number?: unknown };
    issue?: { number?: unknown; pull_request?: unknown };
  } | null;
  const number = event?.pull_request?.number ?? (event?.issue?.pull_request ? event.issue.number : undefined);
  return typeof number === "number" && Number.isInteger(number) && number > 0 ? number : null;
}

/** Where and as whom to comment. */
export interface CommentTarget {
  token: string;
  /** `owner/name` (`GITHUB_REPOSITORY`). */
  repository: string;
  pullRequest: number;
  /** The REST API root (`GITHUB_API_URL`, `https://api.github.com` on github.com). */
  apiUrl: string;
}

/**
 * Writes `markdown` as THE report comment of a pull request: updates the comment that starts with
 * {@link COMMENT_MARKER} when there is one, creates it otherwise — never a second one. Throws
 * {@link ActionError} `E_GITHUB` when the API refuses.
 */
export async function upsertComment(
  target: CommentTarget,
  markdown: string,
): Promise<{ id: number; url: string; created: boolean }> {
  const [owner, repo] = target.repository.split("/");
  if (!owner || !repo) {
    throw new ActionError(
      "E_INPUT",
      `GITHUB_REPOSITORY must be owner/name, received ${JSON.stringify(target.repository)}`,
      { hint: "Run the action inside a GitHub Actions job, which sets GITHUB_REPOSITORY" },
    );
  }
  const octokit = getOctokit(target.token, { baseUrl: target.apiUrl });
  const body = commentBody(markdown);
  const where = `pull request #${target.pullRequest} of ${target.repository}`;
  try {
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: target.pullRequest,
      per_page: 100,
    });
    const mine = comments.find((c) => c.body?.startsWith(COMMENT_MARKER));
    if (mine) {
      const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body });
      return { id: data.id, url: data.html_url, created: false };
    }
    const { data } = await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: target.pullRequest,
      body,
    });
    return { id: data.id, url: data.html_url, created: true };
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    throw new ActionError(
      "E_GITHUB",
      `Cannot comment on ${where}: ${status === undefined ? "" : `HTTP ${String(status)} `}${(error as Error).message}`,
      {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression for the user to copy
        hint: "Give the job permissions: pull-requests: write, and pass token: ${{ github.token }} (or a token with that scope)",
        cause: error,
      },
    );
  }
}
