import type { GraphRowsBuilder } from '../rows.js';
import type { RelationshipName } from '../schema.js';
import { lambdaReference, unusableLambdaTarget } from './values.js';

type InvokesEdge = Extract<RelationshipName, `${string}Invokes${'Function' | 'Alias'}`>;

/**
 * An INVOKES edge from `from` to the function or alias a Lambda ARN / invocation URI names literally;
 * nothing when the URI is not one (stage variables, HTTP, MOCK).
 */
export function linkInvoked(
  rows: GraphRowsBuilder,
  edges: { function: InvokesEdge; alias: InvokesEdge },
  from: string,
  uri: string | null | undefined,
): void {
  const target = lambdaReference(uri);
  if (!target) {
    const problem = unusableLambdaTarget(uri);
    if (problem) rows.warn(`${from}: ${problem}`);
    return;
  }
  const edge = target.label === 'LambdaAlias' ? edges.alias : edges.function;
  // Every INVOKES declaration shares the same properties; one stands for all in the row type.
  rows.relationship(edge as 'methodInvokesFunction', from, target.id, { qualifier: target.qualifier });
}
