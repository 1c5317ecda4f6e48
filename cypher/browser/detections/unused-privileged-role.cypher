// toxgraph: detection unused-privileged-role: Privileged role not used in N days
// The role is admin, can escalate privileges or reaches sensitive data, and IAM's RoleLastUsed shows it has
// not been used in the N days asked about (TOXGRAPH_UNUSED_DAYS, default 90). AWS tracks RoleLastUsed for 400
// days; a role never used is reported only when it has existed for the whole N days. A dormant privileged
// role is standing access nobody watches.
// Remediation: Delete the role, or remove its privileged policies, after confirming with its owner that
// nothing still assumes it.
// Severity: medium. No parameters. Graph view: the attack path (path, hops). Generated from
// cypher/detections/unused-privileged-role.cypher by src/findings/browser-kit.ts; do not edit.

MATCH (role:AWSRole)
WHERE role.unusedRoleDays IS NOT NULL AND NOT coalesce(role.isServiceLinked, false)
RETURN
  null AS entry,
  null AS entryKind,
  null AS exposure,
  null AS function,
  null AS qualifier,
  role,
  role.effectiveTier AS privilege,
  [role] AS path,
  [] AS hops,
  [{
    hop: 0,
    text: 'not used for ' + toString(role.unusedRoleDays) + ' days (RoleLastUsed: '
      + coalesce(role.roleLastUsed, 'never, in the period AWS tracks') + ') while ' + role.effectiveTier,
    source: 'IAM GetAccountAuthorizationDetails: RoleLastUsed'
  }] AS evidence
