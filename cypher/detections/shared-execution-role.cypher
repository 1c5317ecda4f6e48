// id: shared-execution-role
// title: Execution role shared by public and internal functions
// severity: low
// description: >-
//   One execution role runs both a function anyone on the internet can invoke and functions nobody
//   outside can reach. The role must carry the permissions of all of them, so a compromise of the public
//   function gets what the internal functions need, and tightening one breaks the others.
// remediation: >-
//   Give each function, or at least every public function, its own execution role with only the
//   permissions that function uses.
// references:
//   - https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
//   - https://orca.security/resources/blog/lambda-function-shares-its-iam-role/
// tags: [hygiene, SHARED_EXECUTION_ROLE]
MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(entry)-[reaches:REACHES*0..1]->(target:LambdaFunction|LambdaAlias)
WHERE coalesce(last(reaches).exposure, exposes.exposure) IN ['public_unauthenticated', 'public_weak_auth'] AND (size(reaches) = 0 OR entry <> target)
MATCH (fn:LambdaFunction)-[alias:HAS_ALIAS*0..1]->(target)
MATCH (fn)-[runsAs:EXECUTION_ROLE]->(role:AWSRole)<-[sharedBy:EXECUTION_ROLE]-(other:LambdaFunction)
WHERE other <> fn
  AND NOT exists {
    MATCH (other)-[:HAS_ALIAS*0..1]->(otherTarget)<-[:REACHES*0..1]-(otherEntry)<-[e:EXPOSES]-(:Internet)
    WHERE e.exposure <> 'not_exposed'
  }
WITH role, fn, other, coalesce(last(reaches).exposure, exposes.exposure) AS exposure,
  [internet] + CASE WHEN entry = target THEN [] ELSE [entry] END
    + CASE WHEN target:LambdaAlias THEN [target] ELSE [] END + [fn, role, other] AS path,
  [exposes] + reaches + alias + [runsAs, sharedBy] AS hops
ORDER BY CASE exposure WHEN 'public_unauthenticated' THEN 0 ELSE 1 END, fn.id, other.id, [step IN path | step.id]
// One finding per role.
WITH role, collect(DISTINCT fn.name) AS exposed, collect(DISTINCT other.name) AS internal,
  head(collect({exposure: exposure, path: path, hops: hops})) AS witness
RETURN
  null AS entry,
  null AS entryKind,
  witness.exposure AS exposure,
  null AS function,
  null AS qualifier,
  role,
  null AS privilege,
  witness.path AS path,
  witness.hops AS hops,
  [{
    hop: size(witness.hops) - 1,
    text: 'the role runs public functions (' + reduce(s = '', n IN exposed | s + CASE s WHEN '' THEN '' ELSE ', ' END + n)
      + ') and internal functions (' + reduce(s = '', n IN internal | s + CASE s WHEN '' THEN '' ELSE ', ' END + n) + ')',
    source: 'Lambda GetFunctionConfiguration: Role'
  }] AS evidence
