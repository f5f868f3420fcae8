import type { Orchestrator } from "@wo/core";
import type { Colors, Io } from "./io.js";

/** What every command gets: streams, colours, the directory it runs in, and the orchestrator on demand. */
export interface Context {
  io: Io;
  /** Colours for stdout. */
  colors: Colors;
  /** The directory wo acts in (`-C` applied). */
  cwd: string;
  /** Opens the orchestrator for `cwd` (lazily: `wo --help` never touches git). */
  open(): Promise<Orchestrator>;
  /** Writes text to stdout. */
  out(text: string): void;
  /** Writes exactly one JSON document to stdout. */
  json(value: unknown): void;
  /** Writes a note to stderr (progress, warnings): never mixed into stdout. */
  note(text: string): void;
}

/** A command's result: its exit code. */
export type ExitCode = 0 | 1 | 2;
