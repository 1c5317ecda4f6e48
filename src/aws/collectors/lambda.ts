/**
 * Lambda, per region: functions and their published versions (one ListFunctions listing), aliases, function
 * URL configs of the function and every alias, resource policies per qualifier, reserved concurrency.
 * Environment variable values are dropped here, before anything else sees the data.
 */
import {
  type FunctionConfiguration,
  type FunctionUrlConfig,
  GetFunctionConcurrencyCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListFunctionUrlConfigsCommand,
} from '@aws-sdk/client-lambda';
import type { LambdaData, SnapshotFunction } from '../../snapshot/format.js';
import { AwsCallError, mayLackOperation } from '../errors.js';
import { looksLikeCredential, looksLikeSecret } from '../secrets.js';
import { type UnitContext, unlessNotFound } from '../unit.js';

/**
 * What Lambda answers when a function has no policy or no URL config, or is gone since it was listed
 * (https://docs.aws.amazon.com/lambda/latest/api/API_GetPolicy.html#API_GetPolicy_Errors).
 */
const LAMBDA_NOT_FOUND = ['ResourceNotFoundException'];

export async function collectLambda(ctx: UnitContext): Promise<LambdaData> {
  const lambda = ctx.clients('lambda', ctx.region);
  const listing = await ctx.list(
    'ListFunctions',
    (Marker) => lambda.send(new ListFunctionsCommand({ FunctionVersion: 'ALL', Marker, MaxItems: 50 })),
    (page) => page.NextMarker,
    (page) => page.Functions,
  );
  const { functions, versions } = splitVersions(listing);
  ctx.count('functions', functions.length);

  const urlListing = new UrlListing();
  const perFunction = await ctx.each(functions, async (fn) => {
    const arn = fn.FunctionArn!;
    // By name: the function is in this account and region, and emulators do not all accept ARNs here.
    const name = fn.FunctionName!;
    const aliases = await ctx.list(
      'ListAliases',
      (Marker) => lambda.send(new ListAliasesCommand({ FunctionName: name, Marker })),
      (page) => page.NextMarker,
      (page) => page.Aliases,
    );
    const qualifiers = [undefined, ...aliases.map((alias) => alias.Name!)];
    const urlConfigs = await urlListing.configs(ctx, name, qualifiers);
    const policies = await Promise.all(
      qualifiers.map(async (Qualifier) => {
        const answer = await unlessNotFound(LAMBDA_NOT_FOUND, () =>
          ctx.call('GetPolicy', () => lambda.send(new GetPolicyCommand({ FunctionName: name, Qualifier }))),
        );
        return [Qualifier ? `${arn}:${Qualifier}` : arn, answer?.Policy] as const;
      }),
    );
    const concurrency = await ctx.call('GetFunctionConcurrency', () =>
      lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: name })),
    );
    ctx.count('aliases', aliases.length);
    ctx.count('urls', urlConfigs.length);
    return { arn, aliases, urlConfigs, policies, reserved: concurrency.ReservedConcurrentExecutions };
  });

  return {
    functions: functions.map(redactEnvironment),
    versions: Object.fromEntries(
      [...versions.entries()].map(([arn, list]) => [arn, list.map(redactEnvironment)]),
    ),
    aliases: Object.fromEntries(perFunction.map((entry) => [entry.arn, entry.aliases])),
    urlConfigs: Object.fromEntries(perFunction.map((entry) => [entry.arn, entry.urlConfigs])),
    policies: Object.fromEntries(
      perFunction.flatMap((entry) =>
        entry.policies.filter((pair): pair is readonly [string, string] => pair[1] !== undefined),
      ),
    ),
    reservedConcurrency: Object.fromEntries(
      perFunction
        .filter((entry) => entry.reserved !== undefined)
        .map((entry) => [entry.arn, entry.reserved as number]),
    ),
  };
}

/**
 * ListFunctionUrlConfigs returns the URLs of the function and of all its aliases in one call. Endpoints
 * that lack it (moto) get GetFunctionUrlConfig per qualifier instead, which reads the same facts; once one
 * call shows the API missing, the rest of the unit goes straight to the fallback. Only a definite
 * ResourceNotFoundException reads as "no URL" (docs/collection-faults.md).
 */
class UrlListing {
  private listUnsupported = false;

  async configs(
    ctx: UnitContext,
    functionName: string,
    qualifiers: (string | undefined)[],
  ): Promise<FunctionUrlConfig[]> {
    const lambda = ctx.clients('lambda', ctx.region);
    if (!this.listUnsupported) {
      try {
        return await ctx.list(
          'ListFunctionUrlConfigs',
          (Marker) => lambda.send(new ListFunctionUrlConfigsCommand({ FunctionName: functionName, Marker })),
          (page) => page.NextMarker,
          (page) => page.FunctionUrlConfigs,
        );
      } catch (error) {
        // Whatever else went wrong (a reset, a cut body) is thrown: a gap of the unit.
        if (!(error instanceof AwsCallError) || !mayLackOperation(error.cause)) throw error;
        this.listUnsupported = true;
      }
    }
    const configs = await Promise.all(
      qualifiers.map((Qualifier) =>
        unlessNotFound(LAMBDA_NOT_FOUND, () =>
          ctx.call('GetFunctionUrlConfig', () =>
            lambda.send(new GetFunctionUrlConfigCommand({ FunctionName: functionName, Qualifier })),
          ),
        ),
      ),
    );
    return configs.flatMap((answer, index) => {
      // An endpoint that ignores the qualifier answers with the function's own URL: not the alias's.
      if (!answer || qualifierOf(answer.FunctionArn ?? '') !== qualifiers[index]) return [];
      const { $metadata: _, ...config } = answer;
      return [config as FunctionUrlConfig];
    });
  }
}

/** `arn:aws:lambda:r:a:function:name` from any qualified form (`:$LATEST`, `:3`, `:alias`). */
export function unqualifiedFunctionArn(arn: string): string {
  return arn.split(':').slice(0, 7).join(':');
}

/** The alias or version of a qualified function ARN; undefined for an unqualified one. */
export function qualifierOf(arn: string): string | undefined {
  return arn.split(':')[7];
}

/**
 * ListFunctions with FunctionVersion=ALL lists `$LATEST` and every published version. `$LATEST` entries
 * become the functions (keyed by their unqualified ARN); published versions are kept per function, since an
 * alias runs a version whose execution role may differ from `$LATEST`'s.
 */
export function splitVersions(listed: FunctionConfiguration[]): {
  functions: FunctionConfiguration[];
  versions: Map<string, FunctionConfiguration[]>;
} {
  const functions: FunctionConfiguration[] = [];
  const versions = new Map<string, FunctionConfiguration[]>();
  for (const entry of listed) {
    const unqualified = unqualifiedFunctionArn(entry.FunctionArn!);
    if (entry.Version === undefined || entry.Version === '$LATEST') {
      functions.push({ ...entry, FunctionArn: unqualified });
    } else {
      versions.set(unqualified, [...(versions.get(unqualified) ?? []), entry]);
    }
  }
  return { functions, versions };
}

/** Replaces the environment's values by its names and the names that look like secrets. Pure. */
export function redactEnvironment(fn: FunctionConfiguration): SnapshotFunction {
  const { Environment, ...rest } = fn;
  if (!Environment) return rest;
  const variables = Object.entries(Environment.Variables ?? {});
  return {
    ...rest,
    Environment: {
      VariableNames: variables.map(([name]) => name),
      SecretLookingNames: variables
        .filter(([name, value]) => looksLikeSecret(name, value))
        .map(([name]) => name),
      CredentialLookingNames: variables
        .filter(([, value]) => looksLikeCredential(value))
        .map(([name]) => name),
      ...(Environment.Error ? { Error: Environment.Error } : {}),
    },
  };
}
