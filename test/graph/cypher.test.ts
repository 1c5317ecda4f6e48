import { describe, expect, it } from 'vitest';
import {
  nodeUpsertQuery,
  relationshipUpsertQuery,
  schemaStatements,
  staleNodesQuery,
  staleRelationshipsQuery,
} from '../../src/graph/cypher.js';
import { batches } from '../../src/graph/loader.js';
import { NODE_LABELS, NODES, RELATIONSHIP_NAMES, RELATIONSHIPS } from '../../src/graph/schema.js';

describe('the schema declaration', () => {
  it('gives every relationship a source that some unit owns (it is cleaned with that unit)', () => {
    for (const name of RELATIONSHIP_NAMES)
      expect(NODES[RELATIONSHIPS[name].from].service, name).not.toBeNull();
  });

  it('has an example query naming each label', () => {
    for (const label of NODE_LABELS) expect(NODES[label].example, label).toContain(label);
  });

  it('names JSON properties with a Json suffix, and only them', () => {
    for (const label of NODE_LABELS) {
      for (const [name, spec] of Object.entries(NODES[label].properties)) {
        expect(spec.kind === 'json', `${label}.${name}`).toBe(name.endsWith('Json'));
      }
    }
  });
});

describe('generated Cypher', () => {
  it('declares a uniqueness constraint on id for every label', () => {
    const statements = schemaStatements();
    for (const label of NODE_LABELS) {
      expect(statements).toContainEqual(expect.stringContaining(`FOR (n:${label}) REQUIRE n.id IS UNIQUE`));
    }
  });

  it('upserts nodes by id with parameters only, adding the extra labels', () => {
    const query = nodeUpsertQuery('AWSRole');
    expect(query).toContain('UNWIND $rows AS row\nMERGE (n:AWSRole {id: row.id})');
    expect(query).toContain('n:AWSPrincipal');
    // Every declared property, spelled out (no `+=`: it makes the planner add Eager).
    expect(query).toContain('n.trustPolicyJson = row.props.trustPolicyJson');
    expect(query).not.toContain('+=');
  });

  it('merges relationship targets as stubs and keys repeatable relationships', () => {
    const query = relationshipUpsertQuery('roleTrustsRole');
    expect(query).toContain('MERGE (b:AWSRole {id: row.to})\nSET b:AWSPrincipal');
    expect(query).toContain('MERGE (a)-[r:TRUSTS {statementIndex: row.props.statementIndex}]->(b)');
    expect(query).toContain('r.conditionsJson = row.props.conditionsJson');
    expect(relationshipUpsertQuery('functionExecutionRole')).toContain('MERGE (a)-[r:EXECUTION_ROLE]->(b)');
  });

  it('scopes cleanup to the unit: account, region for regional services, other loads (by load token)', () => {
    expect(staleNodesQuery('LambdaFunction', true)).toContain(
      "WHERE n.accountId = $accountId AND n.region = $region\n  AND coalesce(n.loadToken, '') <> $loadToken",
    );
    // Not by scan id: the same id re-used with other content must still clean up.
    expect(staleNodesQuery('LambdaFunction', true)).not.toContain('scanId');
    expect(staleRelationshipsQuery('rolePolicy', false)).toContain("coalesce(r.loadToken, '') <> $loadToken");
    // A global unit never removes regional nodes that carry one of its labels as an extra label.
    expect(staleNodesQuery('WAFv2WebACL', false)).toContain(
      'WHERE n.accountId = $accountId AND n.region IS NULL',
    );
    expect(staleRelationshipsQuery('rolePolicy', false)).toContain(
      'MATCH (a:AWSRole)-[r:POLICY]->(:AWSPolicy)',
    );
  });
});

describe('batches', () => {
  it('cuts by row count and by payload size', () => {
    const rows = Array.from({ length: 10 }, (_, index) => ({ id: String(index), text: 'x'.repeat(100) }));
    expect([...batches(rows, { rows: 4, bytes: 1e9 })].map((batch) => batch.length)).toEqual([4, 4, 2]);
    expect([...batches(rows, { rows: 100, bytes: 400 })].map((batch) => batch.length)).toEqual([3, 3, 3, 1]);
    expect([...batches([{ big: 'y'.repeat(1000) }], { rows: 100, bytes: 10 })]).toHaveLength(1);
  });
});
