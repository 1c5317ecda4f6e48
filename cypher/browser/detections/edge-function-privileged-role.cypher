// toxgraph: detection edge-function-privileged-role: Lambda@Edge function runs as a privileged role
// A Lambda@Edge function runs on the requests (or responses) of a CloudFront distribution: viewer events on
// every request anyone sends, origin events on every request the behaviour lets through. Its input is the
// attacker's request, and it runs as a role that is admin, can escalate its privileges or reads sensitive
// data.
// Remediation: Give the edge function a role of its own with only what it needs (usually just CloudWatch
// Logs), and move privileged work behind an authenticated origin.
// Severity: exposure × privilege. No parameters. Graph view: the attack path (path, hops). Generated from
// cypher/detections/edge-function-privileged-role.cypher by src/findings/browser-kit.ts; do not edit.

MATCH (internet:Internet {id: 'internet'})-[exposes:EXPOSES]->(entry:CloudFrontDistribution)-[reaches:REACHES]->(fn:LambdaFunction)
WHERE coalesce(reaches.exposure, exposes.exposure) IN ['public_unauthenticated', 'public_weak_auth']
MATCH (fn)-[runsAs:EXECUTION_ROLE]->(role:AWSRole)
WHERE role.tier IN ['admin', 'privilege_escalation', 'sensitive_data']
RETURN
  entry,
  'cloudfront_distribution' AS entryKind,
  coalesce(reaches.exposure, exposes.exposure) AS exposure,
  fn AS function,
  null AS qualifier,
  role,
  coalesce(role.effectiveTier, role.tier) AS privilege,
  [internet, entry, fn, role] AS path,
  [exposes, reaches, runsAs] AS hops
