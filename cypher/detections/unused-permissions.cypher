// id: unused-permissions
// title: Role granted services or actions it has not used
// severity: low
// description: >-
//   IAM Access Advisor shows services (or, where AWS tracks actions, single actions) this role's policies
//   allow and that it has not used in the N days asked about (TOXGRAPH_UNUSED_DAYS, default 90), within the
//   period AWS tracked for it. An unused grant is pure attack surface: whoever controls the role's
//   credentials gets it, and nothing needs it. The severity is the weight of the strongest unused grant
//   (docs/usage.md): unused IAM, STS, Organizations or Lambda on a role that runs an exposed function is high,
//   unused logs or traces is info. Only scans collected with --usage carry this data.
// remediation: >-
//   Remove the unused services and actions from the role's policies (keep what the Access Advisor report
//   shows as used), then scan again with --usage.
// references:
//   - https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html
//   - https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetServiceLastAccessedDetails.html
// tags: [hygiene, least-privilege, usage]
MATCH (role:AWSRole)
WHERE role.usageStatus = 'known' AND role.unusedWeight IS NOT NULL
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
  role.unusedWeight AS severity,
  [{
    hop: 0,
    text: 'not used in the last ' + toString(role.unusedDaysAsked) + ' days (AWS tracked this role since '
      + role.usageTrackedSince + '): '
      + CASE size(role.unusedServices) WHEN 0 THEN '' ELSE 'services '
        + reduce(s = '', n IN role.unusedServices | s + CASE s WHEN '' THEN '' ELSE ', ' END + n) END
      + CASE WHEN size(role.unusedServices) > 0 AND size(role.unusedActions) > 0 THEN '; ' ELSE '' END
      + CASE size(role.unusedActions) WHEN 0 THEN '' ELSE 'actions '
        + reduce(s = '', n IN role.unusedActions | s + CASE s WHEN '' THEN '' ELSE ', ' END + n) END,
    source: 'IAM GetServiceLastAccessedDetails (ACTION_LEVEL), data as of ' + role.usageDataAt
  }] AS evidence
