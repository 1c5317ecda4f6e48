/**
 * The read-only Cypher endpoint's verdict on a plan (src/graph/read-only-cypher.ts) and the JSON shapes of
 * driver values (src/graph/graph-values.ts). Plans are in the shape the driver reports (ResultSummary.plan:
 * operatorType, arguments.Details, children); query types are Neo4j's ("r", "rw", "w", "s").
 */
import { DateTime, Integer, Node, Path, PathSegment, Point, Relationship } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { toJsonValue } from '../../src/graph/graph-values.js';
import { type PlanNode, refusal } from '../../src/graph/read-only-cypher.js';

const step = (operatorType: string, details?: string, children: PlanNode[] = []): PlanNode => ({
  operatorType,
  arguments: details === undefined ? {} : { Details: details },
  children,
});
const results = (children: PlanNode[]) => step('ProduceResults@neo4j', undefined, children);

describe('refusal', () => {
  const cases: [string, string | undefined, PlanNode, string | undefined][] = [
    ['a read', 'r', results([step('NodeByLabelScan@neo4j', 'n:Finding')]), undefined],
    [
      'a schema read procedure',
      'r',
      results([step('ProcedureCall@neo4j', 'db.labels() :: (label :: STRING)')]),
      undefined,
    ],
    ['a write (CREATE)', 'w', results([step('Create@neo4j')]), 'writes'],
    ['a read-write (MERGE)', 'rw', results([step('Merge@neo4j')]), 'writes'],
    ['a schema write', 's', results([]), 'writes'],
    ['no query type', undefined, results([]), 'writes'],
    ['LOAD CSV', 'r', results([step('LoadCSV@neo4j', 'line')]), 'file'],
    [
      'a procedure outside the list',
      'r',
      results([step('ProcedureCall@neo4j', 'db.clearQueryCaches() :: (value :: STRING)')]),
      'procedure',
    ],
    [
      'an apoc procedure nested deep',
      'r',
      results([step('Apply@neo4j', undefined, [step('ProcedureCall@neo4j', 'apoc.periodic.iterate(x)')])]),
      'procedure',
    ],
    ['TERMINATE TRANSACTIONS', 'r', results([step('TerminateTransactions@neo4j')]), 'command'],
    ['SHOW TRANSACTIONS', 'r', results([step('ShowTransactions@neo4j')]), 'command'],
  ];
  it.each(cases)('%s', (_name, queryType, plan, expected) => {
    expect(refusal(queryType, plan)?.reason).toBe(expected);
  });
});

describe('toJsonValue', () => {
  const node = new Node(
    Integer.fromInt(1),
    ['LambdaFunction'],
    { id: 'arn:fn', memory: Integer.fromInt(128) },
    '4:x:1',
  );
  const other = new Node(Integer.fromInt(2), ['AWSRole'], { id: 'arn:role' }, '4:x:2');
  const rel = new Relationship(
    Integer.fromInt(3),
    Integer.fromInt(1),
    Integer.fromInt(2),
    'EXECUTION_ROLE',
    {},
    '5:x:3',
    '4:x:1',
    '4:x:2',
  );
  const cases: [string, unknown, unknown][] = [
    ['null', null, null],
    ['a string', 'text', 'text'],
    ['a small Integer', Integer.fromInt(42), 42],
    ['an Integer beyond 2^53 keeps its digits', Integer.fromString('9007199254740993'), '9007199254740993'],
    [
      'a node',
      node,
      { elementId: '4:x:1', labels: ['LambdaFunction'], properties: { id: 'arn:fn', memory: 128 } },
    ],
    [
      'a relationship',
      rel,
      {
        elementId: '5:x:3',
        type: 'EXECUTION_ROLE',
        startElementId: '4:x:1',
        endElementId: '4:x:2',
        properties: {},
      },
    ],
    [
      'a path',
      new Path(node, other, [new PathSegment(node, rel, other)]),
      {
        start: { elementId: '4:x:1', labels: ['LambdaFunction'], properties: { id: 'arn:fn', memory: 128 } },
        segments: [
          {
            relationship: {
              elementId: '5:x:3',
              type: 'EXECUTION_ROLE',
              startElementId: '4:x:1',
              endElementId: '4:x:2',
              properties: {},
            },
            end: { elementId: '4:x:2', labels: ['AWSRole'], properties: { id: 'arn:role' } },
          },
        ],
      },
    ],
    ['a datetime as ISO text', new DateTime(2026, 11, 28, 2, 0, 0, 0, 0), '2026-11-28T02:00:00Z'],
    ['a 2D point', new Point(Integer.fromInt(7203), 1, 2), { srid: 7203, x: 1, y: 2 }],
    ['a list of maps', [{ n: Integer.fromInt(1) }], [{ n: 1 }]],
  ];
  it.each(cases)('%s', (_name, value, expected) => {
    expect(toJsonValue(value)).toEqual(expected);
  });
});
