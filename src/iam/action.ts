/**
 * The one action matcher (docs/iam-escalation.md, "Matching actions"): how an `Action` / `NotAction`
 * pattern of any policy kind (identity, boundary, SCP, trust, resource policy) covers an action.
 * `*` alone covers everything; otherwise the service prefix compares exactly (case-insensitively, no
 * wildcard) and the action name as an IAM wildcard (`*`, `?`), case-insensitively. A pattern holding
 * whitespace or a comma covers nothing, as AWS treats it.
 */
import type { Statement } from './policy.js';
import { wildcardMatches } from './wildcard.js';

export function actionPatternMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  if (/[\s,]/.test(pattern)) return false;
  const patternColon = pattern.indexOf(':');
  const actionColon = action.indexOf(':');
  if (patternColon <= 0 || actionColon <= 0) return false;
  if (pattern.slice(0, patternColon).toLowerCase() !== action.slice(0, actionColon).toLowerCase())
    return false;
  return wildcardMatches(pattern.slice(patternColon + 1), action.slice(actionColon + 1), true);
}

/**
 * The Action entry of `statement` that covers `action` (`covers` decides one pattern), the NotAction
 * list when it leaves the action out, or undefined when the statement is not about the action.
 */
export function statementActionMatch(
  statement: Statement,
  action: string,
  covers: (pattern: string) => boolean = (pattern) => actionPatternMatches(pattern, action),
): string | undefined {
  if (statement.action) return statement.action.find(covers);
  return statement.notAction?.some(covers) ? undefined : `NotAction ${JSON.stringify(statement.notAction)}`;
}
