import { getOctokit } from "@actions/github";
import { ActionError } from "./errors.js";

/** The hidden first line that marks the action's own comment: the one comment a pull request gets, updated. */
export const COMMENT_MARKER = "<!-- wo-action:monitor-report -->";

/** GitHub refuses comment and pull-request bodies longer than this. */
const MAX_BODY = 65_536;

/**
 * The login GitHub shows as the author of what the job token writes. The job token cannot read its own identity
 * (`GET /user` answers 403 to it), so this is the fallback when the token cannot.
 */
export const JOB_TOKEN_LOGIN = "github-actions[bot]";

/** The comment body for a report: the marker, then the report, cut to GitHub's limit with a note. Pure. */
export function commentBody(markdown: string, marker: string = COMMENT_MARKER): string {
  const body = `${marker}\n${markdown}`;
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

/** An authenticated client of the REST API. */
export type GitHubClient = ReturnType<typeof getOctokit>;

/**
 * The login of the token's identity: `GET /user` for a personal or user token, else {@link JOB_TOKEN_LOGIN} (the
 * job token, and an app's installation token, may not read `/user`).
 */
export async function tokenLogin(octokit: GitHubClient): Promise<string> {
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (status === 401 || status === 403 || status === 404) return JOB_TOKEN_LOGIN;
    throw error;
  }
}

/** `owner/name` split, or {@link ActionError} `E_INPUT` when `GITHUB_REPOSITORY` is not of that shape. */
export function repositoryParts(repository: string): { owner: string; repo: string } {
  const [owner, repo, extra] = repository.split("/");
  if (!owner || !repo || extra !== undefined) {
    throw new ActionError(
      "E_INPUT",
      `GITHUB_REPOSITORY must be owner/name, received ${JSON.stringify(repository)}`,
      { hint: "Run the action inside a GitHub Actions job, which sets GITHUB_REPOSITORY" },
    );
  }
  return { owner, repo };
}

/**
 * Writes `markdown` as THE report comment of a pull request: updates the comment that starts with
 * {@link COMMENT_MARKER} and was written by the token's own identity when there is one, creates it otherwise —
 * never a second one, and never someone else's comment that happens to start with the marker. Throws
 * {@link ActionError} `E_GITHUB` when the API refuses.
 */
export async function upsertComment(
  target: CommentTarget,
  markdown: string,
): Promise<{ id: number; url: string; created: boolean }> {
  const { owner, repo } = repositoryParts(target.repository);
  const octokit = getOctokit(target.token, { baseUrl: target.apiUrl });
  const body = commentBody(markdown);
  const where = `pull request #${target.pullRequest} of ${target.repository}`;
  try {
    const login = await tokenLogin(octokit);
    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: target.pullRequest,
      per_page: 100,
    });
    const mine = comments.find((c) => c.user?.login === login && c.body?.startsWith(COMMENT_MARKER));
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
