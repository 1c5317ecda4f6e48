// id: unused-privileged-role
// title: Privileged role not used in N days
// severity: medium
// description: >-
//   The role is admin, can escalate privileges or reaches sensitive data, and IAM's RoleLastUsed shows it
//   has not been used in the N days asked about (TOXGRAPH_UNUSED_DAYS, default 90). AWS tracks RoleLastUsed
//   for 400 days; a role never used is reported only when it has existed for the whole N days. A dormant
//   privileged role is standing access nobody watches.
// remediation: >-
//   Delete the role, or remove its privileged policies, after confirming with its owner that nothing still
//   assumes it.
// references:
//   - https://docs.aws.amazon.com/IAM/latest/APIReference/API_RoleLastUsed.html
//   - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage_delete.html
// tags: [hygiene, least-privilege, usage]
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
