/**
 * What the analysis could not evaluate (docs/architecture.md §4): a policy document that does not parse, a
 * statement of a shape the parser rejects. Each problem names the resource whose verdict depends on it, so
 * that this verdict counts as unknown (its findings are neither resolved nor re-verified), never as safe.
 */
import { PolicyDocumentError } from '../iam/policy.js';
import type { UnreadableDocument } from '../iam/principals.js';

export interface EvaluationProblem {
  /** The principal, function, alias, SCP or entry point (ARN or graph id) whose verdict is incomplete. */
  readonly resource: string;
  /** The document: `resource policy of ARN`, `SCP ARN`, `ARN inline policy NAME`, ... */
  readonly source: string;
  /** The statement at fault (0-based), null when the document as a whole could not be read. */
  readonly statementIndex: number | null;
  readonly reason: string;
}

/** The problem an error raised while evaluating `resource` stands for. */
export function problemOf(resource: string, error: unknown): EvaluationProblem {
  if (error instanceof PolicyDocumentError) {
    return {
      resource,
      source: error.source,
      statementIndex: error.statementIndex ?? null,
      reason: error.reason,
    };
  }
  return { resource, source: resource, statementIndex: null, reason: (error as Error).message };
}

export function problemFromDocument(resource: string, document: UnreadableDocument): EvaluationProblem {
  return { resource, ...document };
}

/** One line for a terminal or a log. */
export function describeProblem(problem: EvaluationProblem): string {
  const statement = problem.statementIndex === null ? '' : ` statement ${problem.statementIndex}`;
  return `${problem.source}${statement}: ${problem.reason} (${problem.resource} not evaluated)`;
}

/** Each problem once, in a stable order (the same document can be read for several principals). */
export function distinctProblems(problems: readonly EvaluationProblem[]): EvaluationProblem[] {
  const seen = new Map<string, EvaluationProblem>();
  for (const problem of problems) {
    const key = JSON.stringify([problem.resource, problem.source, problem.statementIndex, problem.reason]);
    if (!seen.has(key)) seen.set(key, problem);
  }
  return [...seen.values()].sort(
    (a, b) => a.resource.localeCompare(b.resource) || a.source.localeCompare(b.source),
  );
}
