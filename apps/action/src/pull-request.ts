import { getOctokit } from "@actions/github";
import { commentBody, repositoryParts, tokenLogin } from "./comment.js";
import { ActionError } from "./errors.js";

/** The hidden first line of the integration pull request's body: the action updates only a body that starts so. */
export const PULL_REQUEST_MARKER = "<!-- wo-action:integration-report -->";

/** Where the integration pull request goes and as whom it is written. */
export interface PullRequestTarget {
  token: string;
  /** `owner/name` (`GITHUB_REPOSITORY`). */
  repository: string;
  /** The REST API root (`GITHUB_API_URL`). */
  apiUrl: string;
  /** `integration/<name>`: the pull request's head. */
  head: string;
  /** The branch it merges into (the workers' base). */
  base: string;
}

/** What {@link upsertPullRequest} did. */
export interface PullRequestResult {
  number: number;
  url: string;
  /** `created`, `updated`, or `foreign`: an open pull request from `head` by someone else, left alone. */
  action: "created" | "updated" | "foreign";
}

/**
 * Writes the integration report as the body of THE open pull request from `head`: the one written by the token's
 * own identity whose body starts with {@link PULL_REQUEST_MARKER} is updated (on every run, also when nothing new
 * was merged, so it shows the current conflicts); without one a pull request is opened — unless someone else's is
 * already open from `head` (GitHub allows one per head and base), which is left as it is. Throws
 * {@link ActionError} `E_GITHUB` when the API refuses.
 */
export async function upsertPullRequest(
  target: PullRequestTarget,
  markdown: string,
): Promise<PullRequestResult> {
  const { owner, repo } = repositoryParts(target.repository);
  const octokit = getOctokit(target.token, { baseUrl: target.apiUrl });
  const body = commentBody(markdown, PULL_REQUEST_MARKER);
  try {
    const login = await tokenLogin(octokit);
    const open = await octokit.paginate(octokit.rest.pulls.list, {
      owner,
      repo,
      head: `${owner}:${target.head}`,
      state: "open",
      per_page: 100,
    });
    const mine = open.find((p) => p.user?.login === login && (p.body ?? "").startsWith(PULL_REQUEST_MARKER));
    if (mine) {
      const { data } = await octokit.rest.pulls.update({ owner, repo, pull_number: mine.number, body });
      return { number: data.number, url: data.html_url, action: "updated" };
    }
    const foreign = open.find((p) => p.base.ref === target.base);
    if (foreign) return { number: foreign.number, url: foreign.html_url, action: "foreign" };
    const { data } = await octokit.rest.pulls.create({
      owner,
      repo,
      head: target.head,
      base: target.base,
      title: `Integrate ${target.head}`,
      body,
    });
    return { number: data.number, url: data.html_url, action: "created" };
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    throw new ActionError(
      "E_GITHUB",
      `Cannot open or update the pull request from ${target.head} into ${target.base} of ${target.repository}: ${status === undefined ? "" : `HTTP ${String(status)} `}${(error as Error).message}`,
      {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression for the user to copy
        hint: "Give the job permissions: pull-requests: write, pass token: ${{ github.token }}, and allow GitHub Actions to create pull requests (Settings → Actions → General)",
        cause: error,
      },
    );
  }
}
