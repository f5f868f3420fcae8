/**
 * Reading `git log -z --format=//%H%x00%P%x00%an%x00%ct%x00%s [--name-only]` output into a {@link CommitTable}.
 *
 * A monitor reads tens of thousands of commits and needs the text of a few of them. So the table keeps git's output
 * bytes as they came and, per commit, only numbers in typed arrays: where its sha, parents and subject are in those
 * bytes, its time, its author's number. Text, the sha included, is decoded when asked for. Objects that live as long
 * as the table are what the garbage collector copies; a record object and three strings per commit made it the
 * largest cost of reading a long history.
 */

/** Every record starts with a token that cannot be a path: git paths never start with "/". */
export const RECORD_MARK = "//";
export const LOG_FORMAT = `--format=${RECORD_MARK}%H%x00%P%x00%an%x00%ct%x00%s`;

const SLASH = 0x2f;
const NEWLINE = 0x0a;
/** Int32 slots per commit in the table's `#fields`. */
const STRIDE = 12;
const SHA_CHUNK = 0;
const SHA_START = 1;
const PARENT_CHUNK = 2;
const PARENT_START = 3;
const PARENT_END = 4;
const SUBJECT_CHUNK = 5;
const SUBJECT_START = 6;
const SUBJECT_END = 7;
const AUTHOR = 8;
/** Which branch last claimed the commit in an attribution pass (see `attributeCommits`). */
const CLAIM_BY = 9;
/** The sha's slot hash, kept so that growing the index does not read every sha again. */
const HASH = 10;
/** The first parent's row + 1 once known (see `linkParent`), 0 before. */
const PARENT_ROW = 11;

/** A plain copy of one commit of a table (for tests and debugging). */
export interface LogRow {
  sha: string;
  parents: string[];
  authorName: string;
  committedAt: number;
  subject: string;
  files: string[];
}

/**
 * Commits read from git log, one row each, in the order git printed them; a sha is stored once. Rows are found by sha
 * through a hash index over the output bytes (open addressing on the sha's first 16 hex digits, the whole id
 * compared on a hit), so no string is made per commit: a sha becomes text only when asked for.
 */
export class CommitTable {
  /** git's output as it arrived (and the few fields that straddled two chunks, joined). */
  readonly #chunks: Buffer[] = [];
  #size = 0;
  /** Hex digits in an id: 40 (SHA-1) or 64 (SHA-256), from the first commit. */
  #width = 0;
  #fields = new Int32Array(STRIDE * 256);
  #times = new Float64Array(256);
  /** Attribution pass that last claimed each commit (see `attributeCommits`). */
  #claimPasses = new Int32Array(256);
  /** Open-addressing index: row + 1 per slot, 0 for empty; always at most half full. */
  #slots = new Int32Array(1024);
  readonly #authors: string[] = [];
  readonly #authorIds = new Map<string, number>();
  /** Paths of `--name-only`, for the rows that have any. */
  readonly #files: Array<string[] | undefined> = [];

  /** How many commits the table holds. */
  get size(): number {
    return this.#size;
  }

  /** The row of `sha`, or -1. */
  row(sha: string): number {
    if (sha.length !== this.#width) return -1;
    let high = 0;
    let low = 0;
    for (let i = 0; i < 8; i++) {
      const a = hexValue(sha.charCodeAt(i));
      const b = hexValue(sha.charCodeAt(i + 8));
      if (a < 0 || b < 0) return -1;
      high = (high << 4) | a;
      low = (low << 4) | b;
    }
    const hash = combine(high, low);
    const mask = this.#slots.length - 1;
    for (let slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
      const found = this.#slots[slot]! - 1;
      if (found === -1) return -1;
      if (this.#shaEquals(found, sha)) return found;
    }
  }

  has(sha: string): boolean {
    return this.row(sha) !== -1;
  }

  sha(row: number): string {
    const at = row * STRIDE;
    const start = this.#fields[at + SHA_START]!;
    return this.#chunks[this.#fields[at + SHA_CHUNK]!]!.toString("latin1", start, start + this.#width);
  }

  /** The parent shas, first parent first. */
  parents(row: number): string[] {
    const text = this.#text(row, PARENT_CHUNK, PARENT_START, PARENT_END, "latin1");
    return text === "" ? [] : text.split(" ");
  }

  /** How many parents, without decoding them. */
  parentCount(row: number): number {
    const bytes = this.#fields[row * STRIDE + PARENT_END]! - this.#fields[row * STRIDE + PARENT_START]!;
    return bytes === 0 ? 0 : Math.round((bytes + 1) / (this.#width + 1));
  }

  /** The first parent's sha, or `null` for a root commit. */
  firstParent(row: number): string | null {
    const at = row * STRIDE;
    const start = this.#fields[at + PARENT_START]!;
    if (this.#fields[at + PARENT_END] === start) return null;
    return this.#chunks[this.#fields[at + PARENT_CHUNK]!]!.toString("latin1", start, start + this.#width);
  }

  /** The row of the first parent, or -1 for a root commit or a parent outside the table; no string is made. */
  firstParentRow(row: number): number {
    const at = row * STRIDE;
    const known = this.#fields[at + PARENT_ROW]!;
    if (known !== 0) return known - 1;
    const start = this.#fields[at + PARENT_START]!;
    if (this.#fields[at + PARENT_END] === start) return -1;
    const found = this.#find(this.#chunks[this.#fields[at + PARENT_CHUNK]!]!, start);
    // A parent outside the table may still be added by another parser: only a row found is kept.
    if (found !== -1) this.#fields[at + PARENT_ROW] = found + 1;
    return found;
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
    return Array.from({ length: this.#size }, (_, row) => ({
      sha: this.sha(row),
      parents: this.parents(row),
      authorName: this.authorName(row),
      committedAt: this.committedAt(row),
      subject: this.subject(row),
      files: [...this.files(row)],
    }));
  }

  // ── filled by LogParser ──

  /**
   * A new row for the id of `width` hex digits at `chunk[start]` (a chunk this table keeps), or -1 when the table
   * has it already.
   */
  add(chunk: number, start: number, width: number): number {
    if (this.#width === 0) this.#width = width;
    const bytes = this.#chunks[chunk] as Buffer;
    const hash = hashBytes(bytes, start);
    if (width !== this.#width || this.#find(bytes, start, hash) !== -1) return -1;
    const row = this.#size;
    if (row === this.#times.length) this.#grow();
    if ((row + 1) * 2 > this.#slots.length) this.#rehash();
    this.#size += 1;
    this.#fields[row * STRIDE + SHA_CHUNK] = chunk;
    this.#fields[row * STRIDE + SHA_START] = start;
    this.#fields[row * STRIDE + HASH] = hash;
    this.#insert(row, hash);
    return row;
  }

  /**
   * Links `child` to `row` when `row` is its first parent. git prints a chain child first, so a parser offers each
   * commit to the one it read before: the attribution walk then follows first parents without a hash lookup each.
   */
  linkParent(child: number, row: number): void {
    const at = child * STRIDE;
    const start = this.#fields[at + PARENT_START]!;
    if (this.#fields[at + PARENT_END]! - start < this.#width) return;
    const parent = this.#chunks[this.#fields[at + PARENT_CHUNK]!] as Buffer;
    const sha = this.#chunks[this.#fields[row * STRIDE + SHA_CHUNK]!] as Buffer;
    const from = this.#fields[row * STRIDE + SHA_START]!;
    for (let i = 0; i < this.#width; i++) if (parent[start + i] !== sha[from + i]) return;
    this.#fields[at + PARENT_ROW] = row + 1;
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

  /** The row whose id is the `#width` hex digits at `bytes[start]`, or -1. */
  #find(bytes: Buffer, start: number, hash = hashBytes(bytes, start)): number {
    const mask = this.#slots.length - 1;
    for (let slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
      const found = this.#slots[slot]! - 1;
      if (found === -1) return -1;
      const at = found * STRIDE;
      // The stored hash first: most probes of a miss end here, without a call into Buffer#compare.
      if (this.#fields[at + HASH] !== hash) continue;
      const own = this.#chunks[this.#fields[at + SHA_CHUNK]!] as Buffer;
      const from = this.#fields[at + SHA_START]!;
      if (own.compare(bytes, start, start + this.#width, from, from + this.#width) === 0) return found;
    }
  }

  #shaEquals(row: number, sha: string): boolean {
    const at = row * STRIDE;
    const bytes = this.#chunks[this.#fields[at + SHA_CHUNK]!] as Buffer;
    const start = this.#fields[at + SHA_START]!;
    for (let i = 0; i < sha.length; i++) if (bytes[start + i] !== sha.charCodeAt(i)) return false;
    return true;
  }

  #insert(row: number, hash: number): void {
    const mask = this.#slots.length - 1;
    let slot = mix(hash) & mask;
    while (this.#slots[slot] !== 0) slot = (slot + 1) & mask;
    this.#slots[slot] = row + 1;
  }

  #rehash(): void {
    this.#slots = new Int32Array(this.#slots.length * 2);
    for (let row = 0; row < this.#size; row++) this.#insert(row, this.#fields[row * STRIDE + HASH]!);
  }

  #set(row: number, field: number, chunk: number, start: number, end: number): void {
    const at = row * STRIDE + field;
    this.#fields[at] = chunk;
    this.#fields[at + 1] = start;
    this.#fields[at + 2] = end;
  }

  #text(row: number, field: number, startField: number, endField: number, encoding: BufferEncoding): string {
    const at = row * STRIDE;
    const start = this.#fields[at + startField]!;
    const end = this.#fields[at + endField]!;
    if (start === end) return "";
    return (this.#chunks[this.#fields[at + field]!] as Buffer).toString(encoding, start, end);
  }

  #grow(): void {
    const capacity = this.#times.length * 4;
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

/** The value of a lowercase hex digit's character code, or -1. */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/**
 * A slot hash of the first 16 hex digits at `bytes[start]` (64 bits: no one can craft thousands of commits that
 * share them, which would make lookups linear). Non-hex bytes, which git never prints, hash like zeros.
 */
function hashBytes(bytes: Buffer, start: number): number {
  let high = 0;
  let low = 0;
  for (let i = 0; i < 8; i++) {
    high = (high << 4) | Math.max(0, hexValue(bytes[start + i] as number));
    low = (low << 4) | Math.max(0, hexValue(bytes[start + i + 8] as number));
  }
  return combine(high, low);
}

function combine(high: number, low: number): number {
  return Math.imul(high ^ Math.imul(low, 0x9e3779b1), 0x85ebca6b) ^ low;
}

/** Spreads a hash over the slots. */
function mix(hash: number): number {
  return Math.imul(hash ^ (hash >>> 16), 0x45d9f3b) >>> 0;
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
      // A chunk is kept only when a row points into it (paths are decoded at once).
      if (id === -1 && (this.#field !== 0 || end - start >= 42)) id = this.table.keep(chunk);
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
      const added = this.table.add(id, start + 2, length - 2);
      if (added !== -1 && this.#row !== -1) this.table.linkParent(this.#row, added);
      this.#row = added;
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
    if (!sameBytes(this.#authorBytes, chunk, start, end)) {
      this.#authorBytes = Buffer.from(chunk.subarray(start, end));
      this.#author = chunk.toString("utf8", start, end);
    }
    return this.#author;
  }
}

/** Whether `bytes[start, end)` equals `known` (a byte loop: cheaper than Buffer#compare for a short name). */
function sameBytes(known: Buffer, bytes: Buffer, start: number, end: number): boolean {
  if (known.length !== end - start) return false;
  for (let i = 0; i < known.length; i++) if (known[i] !== bytes[start + i]) return false;
  return true;
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
