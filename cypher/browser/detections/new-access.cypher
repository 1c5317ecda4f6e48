// toxgraph: detection new-access: New access since the baseline
// Since the baseline scan (toxgraph baseline set), this role gained capabilities (a privilege-escalation
// method, admin, sensitive data) or reach (roles it may assume or pass, code it may update, data it may
// access), or this function gained an entry point from the internet. The evidence names what was added and
// the policy change that caused it: a policy attached since, or the statements added to a policy. Growth
// nobody reviewed is how a safe function becomes a toxic one. High when the role gained admin or a
// privilege-escalation method, or the function a public unauthenticated entry point.
// Remediation: Review the change: if intended, set a new baseline (toxgraph baseline set); if not, revert the
// policy change or the new entry point named in the evidence.
// Severity: medium. No parameters. Graph view: the attack path (path, hops). Generated from
// cypher/detections/new-access.cypher by src/findings/browser-kit.ts; do not edit.

MATCH (role:AWSRole)
WHERE size(coalesce(role.newCapabilities, [])) + size(coalesce(role.newReach, [])) > 0
RETURN
  null AS entry,
  null AS entryKind,
  null AS exposure,
  null AS function,
  null AS qualifier,
  role,
  null AS privilege,
  [role] AS path,
  [] AS hops,
  CASE WHEN any(c IN role.newCapabilities WHERE c STARTS WITH 'admin:' OR c STARTS WITH 'privilege_escalation:')
    THEN 'high' ELSE 'medium' END AS severity,
  [{
    hop: 0,
    text: 'added since baseline scan ' + role.newAccessBaselineScanId + ': '
      + CASE size(role.newCapabilities) WHEN 0 THEN '' ELSE 'capabilities '
        + reduce(s = '', c IN role.newCapabilities | s + CASE s WHEN '' THEN '' ELSE '; ' END + c) END
      + CASE WHEN size(role.newCapabilities) > 0 AND size(role.newReach) > 0 THEN '; ' ELSE '' END
      + CASE size(role.newReach) WHEN 0 THEN '' ELSE 'reach '
        + reduce(s = '', r IN role.newReach | s + CASE s WHEN '' THEN '' ELSE '; ' END + r) END,
    source: 'privilege analysis of this scan compared with the baseline scan'
  }] + [i IN range(0, size(coalesce(role.newAccessPolicies, [])) - 1) | {
    hop: 0,
    text: 'policy ' + role.newAccessPolicies[i] + ': '
      + CASE role.newAccessChanges[i]
          WHEN 'attached' THEN 'attached since the baseline'
          WHEN 'statements_added' THEN 'statements added'
          ELSE 'document changed (not parseable as JSON)' END
      + CASE role.newAccessStatements[i] WHEN '' THEN '' ELSE ': ' + role.newAccessStatements[i] END,
    source: 'policy documents of the baseline scan and of this scan'
  }] AS evidence
UNION ALL
MATCH (fn:LambdaFunction)
WHERE size(coalesce(fn.newEntryPoints, [])) > 0
RETURN
  null AS entry,
  null AS entryKind,
  null AS exposure,
  fn AS function,
  null AS qualifier,
  null AS role,
  null AS privilege,
  [fn] AS path,
  [] AS hops,
  CASE WHEN 'public_unauthenticated' IN coalesce(fn.newEntryPointExposures, []) THEN 'high' ELSE 'medium' END
    AS severity,
  [{
    hop: 0,
    text: 'entry points added since baseline scan ' + fn.newAccessBaselineScanId + ': '
      + reduce(s = '', e IN fn.newEntryPoints | s + CASE s WHEN '' THEN '' ELSE '; ' END + e),
    source: 'exposure analysis of this scan compared with the baseline scan'
  }] AS evidence
