/**
 * Counts the AWS calls a collection sends, keyed by the IAM permission each needs: `lambda:ListFunctions`,
 * or for API Gateway (whose IAM actions are HTTP verbs on resource paths) `apigateway:GET /apis/*‍/routes`
 * with identifiers replaced by `*`. The manifest keeps the counts; the tests check them against
 * docs/iam/collector-policy.json.
 */
export class CallRecorder {
  private readonly counts = new Map<string, number>();

  record(permission: string): void {
    this.counts.set(permission, (this.counts.get(permission) ?? 0) + 1);
  }

  /** Sorted by permission, for a stable manifest. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  total(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }
}

/** `apigateway:GET /apis/*‍/routes` from the request of GetRoutes on `/v2/apis/abc123/routes`. */
export function apiGatewayPermission(method: string, requestPath: string): string {
  const segments = requestPath
    .split('?')[0]!
    .split('/')
    .filter((segment) => segment.length > 0);
  // HTTP and WebSocket APIs live under /v2 on the wire; IAM names them without it.
  if (segments[0] === 'v2') segments.shift();
  const resource = segments.map((segment, index) => (index % 2 === 1 ? '*' : segment)).join('/');
  return `apigateway:${method} /${resource}`;
}

/**
 * S3 operations whose IAM action has another name (Service Authorization Reference, "Actions defined by
 * Amazon S3": https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html).
 */
const RENAMED_PERMISSIONS: Readonly<Record<string, string>> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetBucketNotificationConfiguration': 's3:GetBucketNotification',
  // S3 Control's account-level operations are `s3:` actions too.
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
};

/** `lambda:ListFunctions` from the SDK's command name `ListFunctionsCommand`. */
export function commandPermission(iamPrefix: string, commandName: string): string {
  const permission = `${iamPrefix}:${commandName.replace(/Command$/, '')}`;
  return RENAMED_PERMISSIONS[permission] ?? permission;
}
