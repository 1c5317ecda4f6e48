/**
 * Lambda unit → rows: functions with their execution role, aliases, function URLs (on the function and on
 * every alias), resource policies per qualifier and reserved concurrency. Only environment variable names
 * exist in a snapshot; no value is ever read here.
 */
import { GraphRowsBuilder } from '../rows.js';
import type { UnitInput } from './input.js';
import {
  booleanOrNull,
  isoOrNull,
  jsonOrNull,
  numberOrNull,
  policyTextOrRaw,
  textOrNull,
  textsOrEmpty,
} from './values.js';

export function transformLambda(unit: UnitInput<'lambda'>) {
  const rows = new GraphRowsBuilder();
  const { functions, aliases, urlConfigs, policies, reservedConcurrency } = unit.data;
  const versions = unit.data.versions ?? {};
  const policyOf = (arn: string) => {
    const raw = policies[arn];
    return raw === undefined ? null : policyTextOrRaw(raw, `resource policy of ${arn}`, (m) => rows.warn(m));
  };
  for (const fn of functions) {
    const arn = fn.FunctionArn;
    if (!arn || !fn.FunctionName) continue;
    rows.node('LambdaFunction', arn, {
      name: fn.FunctionName,
      runtime: textOrNull(fn.Runtime),
      handler: textOrNull(fn.Handler),
      packageType: textOrNull(fn.PackageType),
      roleArn: textOrNull(fn.Role),
      version: textOrNull(fn.Version),
      state: textOrNull(fn.State),
      lastModified: textOrNull(fn.LastModified),
      timeout: numberOrNull(fn.Timeout),
      memorySize: numberOrNull(fn.MemorySize),
      architectures: textsOrEmpty(fn.Architectures),
      reservedConcurrency: numberOrNull(reservedConcurrency[arn]),
      resourcePolicyJson: policyOf(arn),
      envVarNames: textsOrEmpty(fn.Environment?.VariableNames),
      secretLookingEnvVars: textsOrEmpty(fn.Environment?.SecretLookingNames),
      credentialEnvVars: textsOrEmpty(fn.Environment?.CredentialLookingNames),
      // An empty VpcId means "not in a VPC", exactly like an absent VpcConfig.
      vpcId: fn.VpcConfig?.VpcId || null,
      subnetIds: textsOrEmpty(fn.VpcConfig?.SubnetIds),
      securityGroupIds: textsOrEmpty(fn.VpcConfig?.SecurityGroupIds),
      layers: (fn.Layers ?? []).flatMap((layer) => (layer.Arn ? [layer.Arn] : [])),
      kmsKeyArn: textOrNull(fn.KMSKeyArn),
      masterArn: textOrNull(fn.MasterArn),
    });
    if (fn.Role) rows.relationship('functionExecutionRole', arn, fn.Role, {});
  }

  for (const [functionArn, list] of Object.entries(aliases)) {
    for (const alias of list) {
      if (!alias.AliasArn || !alias.Name) continue;
      rows.node('LambdaAlias', alias.AliasArn, {
        name: alias.Name,
        functionArn,
        functionVersion: textOrNull(alias.FunctionVersion),
        routingConfigJson: jsonOrNull(alias.RoutingConfig),
        resourcePolicyJson: policyOf(alias.AliasArn),
        description: textOrNull(alias.Description),
      });
      rows.relationship('functionAlias', functionArn, alias.AliasArn, {});
      // A published version keeps the role it was published with, whatever $LATEST runs as now.
      const version = (versions[functionArn] ?? []).find((v) => v.Version === alias.FunctionVersion);
      if (version?.Role) rows.relationship('aliasExecutionRole', alias.AliasArn, version.Role, {});
    }
  }

  for (const [functionArn, list] of Object.entries(urlConfigs)) {
    for (const config of list) {
      const urlArn = config.FunctionArn;
      if (!urlArn) continue;
      // An alias URL's FunctionArn is the alias-qualified ARN: `<function ARN>:<alias>`.
      const qualifier = urlArn.startsWith(`${functionArn}:`) ? urlArn.slice(functionArn.length + 1) : null;
      rows.node('LambdaFunctionUrl', urlArn, {
        url: textOrNull(config.FunctionUrl),
        authType: textOrNull(config.AuthType),
        qualifier,
        functionArn,
        corsJson: jsonOrNull(config.Cors),
        corsAllowOrigins: textsOrEmpty(config.Cors?.AllowOrigins),
        corsAllowCredentials: booleanOrNull(config.Cors?.AllowCredentials),
        invokeMode: textOrNull(config.InvokeMode),
        creationTime: isoOrNull(config.CreationTime),
      });
      if (qualifier === null) rows.relationship('functionUrl', functionArn, urlArn, {});
      // The alias ARN is the URL's FunctionArn itself.
      else rows.relationship('aliasUrl', urlArn, urlArn, {});
    }
  }
  return rows.build();
}
