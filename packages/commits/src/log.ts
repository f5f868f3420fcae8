/**
 * Reading `git log -z --format=//%H%x00%P%x00%an%x00%ct%x00%s [--name-only]` output into a {@link CommitTable}.
 *
 * A monitor reads tens of thousands of commits and needs the text of a few of them. So the table keeps git's output
 * bytes as they came and, per commit, only its sha (a string: the lookup key) and numbers: where its parents and
 * subject are in those bytes, its time, its author's number. Text is decoded when asked for. Objects that live as
 * long as the table are what the garbage collector copies; a record object and three strings per commit made it
 * the largest cost of reading a long history.
 */

/** Every record starts with a token that cannot be a path: git paths never start with "/". */
export const RECORD_MARK = "//";
export const LOG_FORMAT = `--format=${RECORD_MARK}%H%x00%P%x00%an%x00%ct%x00%s`;

const SLASH = 0x2f;
const NEWLINE = 0x0a;
/** Int32 slots per commit in the table's `#fields`. */
const STRIDE = 8;
const PARENT_CHUNK = 0;
const PARENT_START = 1;
const PARENT_END = 2;
const SUBJECT_CHUNK = 3;
const SUBJECT_START = 4;
const SUBJECT_END = 5;
const AUTHOR = 6;
/** Which branch last claimed the commit in an attribution pass (see `attributeCommits`). */
const CLAIM_BY = 7;

/** A plain copy of one commit of a table (for tests and debugging). */
export interface LogRow {
  sha: string;
  parents: string[];
  authorName: string;
  committedAt: number;
  subject: string;
  files: string[];
}

/** Commits read from git log, one row each, in the order git printed them; a sha is stored once. */
export class CommitTable {
  readonly #shas: string[] = [];
  readonly #rows = new Map<string, number>();
  /** git's output as it arrived (and the few fields that straddled two chunks, joined). */
  readonly #chunks: Buffer[] = [];
  #fields = new Int32Array(STRIDE * 1024);
  #times = new Float64Array(1024);
  /** Attribution pass that last claimed each commit (see `attributeCommits`). */
  #claimPasses = new Int32Array(1024);
  readonly #authors: string[] = [];
  readonly #authorIds = new Map<string, number>();
  /** Paths of `--name-only`, for the rows that have any. */
  readonly #files: Array<string[] | undefined> = [];

  /** How many commits the table holds. */
  get size(): number {
    return this.#shas.length;
  }

  /** The row of `sha`, or -1. */
  row(sha: string): number {
    return this.#rows.get(sha) ?? -1;
  }

  has(sha: string): boolean {
    return this.#rows.has(sha);
  }

  sha(row: number): string {
    return this.#shas[row] as string;
  }

  /** The parent shas, first parent first. */
  parents(row: number): string[] {
    const text = this.#text(row, PARENT_CHUNK, PARENT_START, PARENT_END, "latin1");
    return text === "" ? [] : text.split(" ");
  }

  /** How many parents, without decoding them. */
  parentCount(row: number): number {
    const bytes = this.#fields[row * STRIDE + PARENT_END]! - this.#fields[row * STRIDE + PARENT_START]!;
    const width = (this.#shas[row] as string).length;
    return bytes === 0 ? 0 : Math.round((bytes + 1) / (width + 1));
  }

  /** The first parent's sha, or `null` for a root commit. */
  firstParent(row: number): string | null {
    const at = row * STRIDE;
    const start = this.#fields[at + PARENT_START]!;
    if (this.#fields[at + PARENT_END] === start) return null;
    const chunk = this.#chunks[this.#fields[at + PARENT_CHUNK]!] as Buffer;
    return chunk.toString("latin1", start, start + (this.#shas[row] as string).length);
  }

  subject(row: number): string {
    return this.#text(row, SUBJECT_CHUNK, SUBJECT_START, SUBJECT_END, "utf8");
  }

  authorName(row: number): string {
    return this.#authors[this.#fields[row * STRIDE + AUTHOR]!] ?? "";
  }

  /** Committer time, seconds since the epoch. */
  committedAt(row: number): number {
    return this.#times[row]!;
  }

  /** Paths from `--name-only`, `[]` without it. */
  files(row: number): readonly string[] {
    return this.#files[row] ?? NO_FILES;
  }

  /** Records that attribution pass `pass` claimed `row` for branch `by`; returns the branch that held it in this pass, or -1. */
  claim(row: number, pass: number, by: number): number {
    const previous = this.#claimPasses[row] === pass ? this.#fields[row * STRIDE + CLAIM_BY]! : -1;
    this.#claimPasses[row] = pass;
    this.#fields[row * STRIDE + CLAIM_BY] = by;
    return previous;
  }

  /** Plain copies of every row. */
  rows(): LogRow[] {
    return this.#shas.map((sha, row) => ({
      sha,
      parents: this.parents(row),
      authorName: this.authorName(row),
      committedAt: this.committedAt(row),
      subject: this.subject(row),
      files: [...this.files(row)],
    }));
  }

  // ── filled by LogParser ──

  /** A new row for `sha`, or -1 when the table has it already. */
  add(sha: string): number {
    if (this.#rows.has(sha)) return -1;
    const row = this.#shas.length;
    if (row === this.#times.length) this.#grow();
    this.#shas.push(sha);
    this.#rows.set(sha, row);
    return row;
  }

  /** Keeps a chunk of output and returns its number. */
  keep(chunk: Buffer): number {
    return this.#chunks.push(chunk) - 1;
  }

  setParents(row: number, chunk: number, start: number, end: number): void {
    this.#set(row, PARENT_CHUNK, chunk, start, end);
  }

  setSubject(row: number, chunk: number, start: number, end: number): void {
    this.#set(row, SUBJECT_CHUNK, chunk, start, end);
  }

  setAuthor(row: number, name: string): void {
    let id = this.#authorIds.get(name);
    if (id === undefined) {
      id = this.#authors.push(name) - 1;
      this.#authorIds.set(name, id);
    }
    this.#fields[row * STRIDE + AUTHOR] = id;
  }

  setTime(row: number, seconds: number): void {
    this.#times[row] = seconds;
  }

  addFile(row: number, path: string): void {
    const list = this.#files[row];
    if (list === undefined) this.#files[row] = [path];
    else list.push(path);
  }

  #set(row: number, field: number, chunk: number, start: number, end: number): void {
    const at = row * STRIDE + field;
    this.#fields[at] = chunk;
    this.#fields[at + 1] = start;
    this.#fields[at + 2] = end;
  }

  #text(row: number, field: number, startField: number, endField: number, encoding: BufferEncoding): string {
    const at = row * STRIDE;
    const chunk = this.#chunks[this.#fields[at + field]!];
    return chunk === undefined
      ? ""
      : chunk.toString(encoding, this.#fields[at + startField], this.#fields[at + endField]);
  }

  #grow(): void {
    const capacity = this.#times.length * 2;
    const fields = new Int32Array(capacity * STRIDE);
    fields.set(this.#fields);
    this.#fields = fields;
    const times = new Float64Array(capacity);
    times.set(this.#times);
    this.#times = times;
    const passes = new Int32Array(capacity);
    passes.set(this.#claimPasses);
    this.#claimPasses = passes;
  }
}

const NO_FILES: readonly string[] = Object.freeze([]);

/**
 * An incremental parser of git log output into a {@link CommitTable}: feed it the bytes as git writes them (so
 * parsing overlaps git's walk), then {@link LogParser.end}. Subjects cannot hold NUL (git cuts messages there), so
 * NUL splits fields and records; `--name-only -z` appends `\n` and NUL-terminated paths to a record, read until the
 * next record mark. Several parsers may fill one table (one per git process): a commit already in it is read and
 * skipped. Linear time.
 */
export class LogParser {
  readonly table: CommitTable;
  /** The bytes of an unfinished field at the end of the last chunk. */
  #carry: Buffer | undefined;
  /** The row being filled (-1: a commit another parser already added), and how many of its five fields arrived. */
  #row = -1;
  #field = 0;
  #firstPath = false;
  /** The last author read, as bytes: consecutive commits mostly share one. */
  #authorBytes: Buffer = Buffer.alloc(0);
  #author = "";

  constructor(table: CommitTable = new CommitTable()) {
    this.table = table;
  }

  /** Consumes the next chunk of output. */
  push(data: Buffer | string): void {
    const chunk = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    let start = 0;
    if (this.#carry !== undefined) {
      const end = chunk.indexOf(0);
      if (end === -1) {
        this.#carry = Buffer.concat([this.#carry, chunk]);
        return;
      }
      const joined = Buffer.concat([this.#carry, chunk.subarray(0, end)]);
      this.#carry = undefined;
      this.#field_(joined, this.table.keep(joined), 0, joined.length);
      start = end + 1;
    }
    let id = -1;
    for (let end = chunk.indexOf(0, start); end !== -1; end = chunk.indexOf(0, start)) {
      // A chunk is kept only when a field points into it.
      if (id === -1 && (this.#field === 1 || this.#field === 4)) id = this.table.keep(chunk);
      this.#field_(chunk, id, start, end);
      start = end + 1;
    }
    if (start < chunk.length) this.#carry = Buffer.from(chunk.subarray(start));
  }

  /** Consumes what is left after the last NUL and returns the table. */
  end(): CommitTable {
    if (this.#carry !== undefined) {
      const rest = this.#carry;
      this.#carry = undefined;
      this.#field_(rest, this.table.keep(rest), 0, rest.length);
    }
    this.#field = 0;
    return this.table;
  }

  #field_(chunk: Buffer, id: number, start: number, end: number): void {
    const row = this.#row;
    switch (this.#field) {
      case 1:
        if (row !== -1) this.table.setParents(row, id, start, end);
        this.#field = 2;
        return;
      case 2:
        if (row !== -1) this.table.setAuthor(row, this.#authorOf(chunk, start, end));
        this.#field = 3;
        return;
      case 3:
        if (row !== -1) this.table.setTime(row, decimal(chunk, start, end));
        this.#field = 4;
        return;
      case 4:
        if (row !== -1) this.table.setSubject(row, id, start, end);
        this.#field = 0;
        this.#firstPath = true;
        return;
    }
    const length = end - start;
    if ((length === 42 || length === 66) && chunk[start] === SLASH && chunk[start + 1] === SLASH) {
      this.#row = this.table.add(chunk.toString("latin1", start + 2, end));
      this.#field = 1;
      this.#firstPath = false;
      return;
    }
    // A path of --name-only: the first one after a record carries the "\n" that separates it from the header.
    const from = this.#firstPath && chunk[start] === NEWLINE ? start + 1 : start;
    this.#firstPath = false;
    if (row !== -1 && from < end) this.table.addFile(row, chunk.toString("utf8", from, end));
  }

  #authorOf(chunk: Buffer, start: number, end: number): string {
    const known = this.#authorBytes;
    if (known.length !== end - start || chunk.compare(known, 0, known.length, start, end) !== 0) {
      this.#authorBytes = Buffer.from(chunk.subarray(start, end));
      this.#author = chunk.toString("utf8", start, end);
    }
    return this.#author;
  }
}

/** The decimal number in `bytes[start, end)` (git's `%ct`), without making a string of it. */
function decimal(bytes: Buffer, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = (bytes[i] as number) - 0x30;
    if (digit < 0 || digit > 9) return Number(bytes.toString("latin1", start, end));
    value = value * 10 + digit;
  }
  return value;
}

/** Parses a whole `git log` output (see {@link LogParser}). */
export function parseLogOutput(output: Buffer | string): CommitTable {
  const parser = new LogParser();
  parser.push(output);
  return parser.end();
}
