/**
 * The changes a remediation option is made of, as typed facts (docs/remediation.md "Changes"). Each kind
 * is declared once here with its AWS CLI command and its Terraform/CloudFormation hint; the SDK calls
 * that perform and undo it live in ./aws-changes.ts. Pure.
 */

/** A statement of a resource-based or identity policy, exactly as the document holds it. */
export type JsonStatement = Readonly<Record<string, unknown>>;

export type Change =
  | {
      readonly type: 'remove_permission';
      readonly functionName: string;
      readonly qualifier: string | null;
      readonly statementId: string;
      /** What AddPermission puts back on undo, and what AWS must still hold before apply. */
      readonly statement: JsonStatement;
    }
  | {
      readonly type: 'set_url_auth_type';
      readonly functionName: string;
      readonly qualifier: string | null;
      readonly from: string;
      readonly to: 'AWS_IAM';
    }
  | {
      readonly type: 'set_route_authorization';
      readonly apiId: string;
      readonly routeId: string;
      readonly routeKey: string;
      readonly from: string;
      readonly to: 'AWS_IAM';
    }
  | {
      /** REST APIs need a redeployment of each stage: left to the owner of the API (manual). */
      readonly type: 'set_method_authorization';
      readonly restApiId: string;
      readonly resourceId: string;
      readonly httpMethod: string;
      readonly from: string;
    }
  | {
      /** Needs the owner's identity provider (Cognito or OIDC): manual. */
      readonly type: 'add_rule_authentication';
      readonly ruleArn: string;
    }
  | { readonly type: 'detach_role_policy'; readonly roleName: string; readonly policyArn: string }
  | {
      readonly type: 'remove_inline_statements';
      readonly roleName: string;
      readonly policyName: string;
      /** The document AWS must still hold before apply; put back on undo. */
      readonly before: string;
      /** The document without the statements; null when none would remain (the policy is deleted). */
      readonly after: string | null;
      readonly statementIndexes: readonly number[];
    }
  | {
      readonly type: 'set_reserved_concurrency';
      readonly functionName: string;
      /** null: unreserved (undo deletes the setting). */
      readonly from: number | null;
      readonly to: 0;
    }
  | { readonly type: 'put_deny_all_policy'; readonly roleName: string; readonly policyName: string };

export type ChangeType = Change['type'];

/** The inline policy quarantine puts on a role: denies every action on every resource. */
export const QUARANTINE_POLICY_NAME = 'toxgraph-quarantine';
export const DENY_ALL_DOCUMENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'ToxgraphQuarantine', Effect: 'Deny', Action: '*', Resource: '*' }],
});

interface ChangeText<C extends Change> {
  /** What the change does, in one line. */
  readonly describe: (change: C) => string;
  readonly awsCli: (change: C, region: string) => string;
  readonly iacHint: (change: C) => string;
  /** True when `toxgraph remediate --apply` performs it (and `--undo` reverses it). */
  readonly automated: boolean;
}

const quote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;
const qualifierFlag = (qualifier: string | null) => (qualifier ? ` --qualifier ${quote(qualifier)}` : '');
const where = (qualifier: string | null) => (qualifier ? ` (qualifier ${qualifier})` : '');

const CHANGE_TEXT: { readonly [T in ChangeType]: ChangeText<Extract<Change, { type: T }>> } = {
  remove_permission: {
    describe: (c) =>
      `remove statement ${c.statementId} from the resource policy of ${c.functionName}${where(c.qualifier)}`,
    awsCli: (c, region) =>
      `aws lambda remove-permission --region ${region} --function-name ${quote(c.functionName)}${qualifierFlag(c.qualifier)} --statement-id ${quote(c.statementId)}`,
    iacHint: (c) =>
      `Terraform: delete the aws_lambda_permission with statement_id = "${c.statementId}"; CloudFormation: delete the AWS::Lambda::Permission resource that creates it`,
    automated: true,
  },
  set_url_auth_type: {
    describe: (c) =>
      `set the AuthType of the function URL of ${c.functionName}${where(c.qualifier)} to AWS_IAM`,
    awsCli: (c, region) =>
      `aws lambda update-function-url-config --region ${region} --function-name ${quote(c.functionName)}${qualifierFlag(c.qualifier)} --auth-type AWS_IAM`,
    iacHint: () =>
      'Terraform: authorization_type = "AWS_IAM" on aws_lambda_function_url; CloudFormation: AuthType: AWS_IAM on AWS::Lambda::Url',
    automated: true,
  },
  set_route_authorization: {
    describe: (c) => `require IAM authorization (AWS_IAM) on route ${c.routeKey} of API ${c.apiId}`,
    awsCli: (c, region) =>
      `aws apigatewayv2 update-route --region ${region} --api-id ${quote(c.apiId)} --route-id ${quote(c.routeId)} --authorization-type AWS_IAM`,
    iacHint: () =>
      'Terraform: authorization_type = "AWS_IAM" (or "JWT"/"CUSTOM" with authorizer_id) on aws_apigatewayv2_route; CloudFormation: AuthorizationType on AWS::ApiGatewayV2::Route',
    automated: true,
  },
  set_method_authorization: {
    describe: (c) =>
      `require IAM authorization (AWS_IAM) or an authorizer on method ${c.httpMethod} of resource ${c.resourceId} of REST API ${c.restApiId}, then redeploy its stages`,
    awsCli: (c, region) =>
      `aws apigateway update-method --region ${region} --rest-api-id ${quote(c.restApiId)} --resource-id ${quote(c.resourceId)} --http-method ${c.httpMethod} --patch-operations op=replace,path=/authorizationType,value=AWS_IAM && aws apigateway create-deployment --region ${region} --rest-api-id ${quote(c.restApiId)} --stage-name STAGE`,
    iacHint: () =>
      'Terraform: authorization = "AWS_IAM" (or "COGNITO_USER_POOLS"/"CUSTOM" with authorizer_id) on aws_api_gateway_method, and a new aws_api_gateway_deployment; CloudFormation: AuthorizationType on AWS::ApiGateway::Method',
    automated: false,
  },
  add_rule_authentication: {
    describe: (c) =>
      `add an authenticate-oidc or authenticate-cognito action before the forward action of rule ${c.ruleArn}`,
    awsCli: (c, region) =>
      `aws elbv2 modify-rule --region ${region} --rule-arn ${quote(c.ruleArn)} --actions Type=authenticate-oidc,Order=1,AuthenticateOidcConfig={...} Type=forward,Order=2,TargetGroupArn=...`,
    iacHint: () =>
      'Terraform: an action { type = "authenticate-oidc" } (or "authenticate-cognito") before the forward action of aws_lb_listener_rule; CloudFormation: AuthenticateOidcConfig in the Actions of AWS::ElasticLoadBalancingV2::ListenerRule',
    automated: false,
  },
  detach_role_policy: {
    describe: (c) => `detach managed policy ${c.policyArn} from role ${c.roleName}`,
    awsCli: (c) =>
      `aws iam detach-role-policy --role-name ${quote(c.roleName)} --policy-arn ${quote(c.policyArn)}`,
    iacHint: (c) =>
      `Terraform: remove the aws_iam_role_policy_attachment of ${c.policyArn} (or the entry of managed_policy_arns); CloudFormation: remove it from ManagedPolicyArns of the AWS::IAM::Role`,
    automated: true,
  },
  remove_inline_statements: {
    describe: (c) =>
      c.after === null
        ? `delete inline policy ${c.policyName} of role ${c.roleName} (its only statements grant the capability)`
        : `remove statement(s) ${c.statementIndexes.join(', ')} from inline policy ${c.policyName} of role ${c.roleName}`,
    awsCli: (c) =>
      c.after === null
        ? `aws iam delete-role-policy --role-name ${quote(c.roleName)} --policy-name ${quote(c.policyName)}`
        : `aws iam put-role-policy --role-name ${quote(c.roleName)} --policy-name ${quote(c.policyName)} --policy-document ${quote(c.after)}`,
    iacHint: (c) =>
      `Terraform: edit the aws_iam_role_policy "${c.policyName}" (or inline_policy block); CloudFormation: edit Policies of the AWS::IAM::Role`,
    automated: true,
  },
  set_reserved_concurrency: {
    describe: (c) => `set the reserved concurrency of ${c.functionName} to 0 (every invocation is throttled)`,
    awsCli: (c, region) =>
      `aws lambda put-function-concurrency --region ${region} --function-name ${quote(c.functionName)} --reserved-concurrent-executions 0`,
    iacHint: () =>
      'Terraform: reserved_concurrent_executions = 0 on aws_lambda_function; CloudFormation: ReservedConcurrentExecutions: 0 on AWS::Lambda::Function',
    automated: true,
  },
  put_deny_all_policy: {
    describe: (c) => `put inline policy ${c.policyName} denying every action on role ${c.roleName}`,
    awsCli: (c) =>
      `aws iam put-role-policy --role-name ${quote(c.roleName)} --policy-name ${quote(c.policyName)} --policy-document ${quote(DENY_ALL_DOCUMENT)}`,
    iacHint: (c) =>
      `Terraform: an aws_iam_role_policy "${c.policyName}" with Effect Deny, Action *, Resource *; CloudFormation: the same statement in Policies of the AWS::IAM::Role`,
    automated: true,
  },
};

function textOf<C extends Change>(change: C): ChangeText<C> {
  return CHANGE_TEXT[change.type] as unknown as ChangeText<C>;
}

export const describeChange = (change: Change) => textOf(change).describe(change);
export const changeCli = (change: Change, region: string) => textOf(change).awsCli(change, region);
export const changeIacHint = (change: Change) => textOf(change).iacHint(change);
export const isAutomated = (change: Change) => textOf(change).automated;
