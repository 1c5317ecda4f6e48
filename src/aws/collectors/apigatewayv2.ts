/**
 * API Gateway v2 (HTTP and WebSocket APIs), per region: APIs, and per API its routes, integrations,
 * authorizers and stages; custom domain names and their API mappings (which also map REST APIs).
 */
import {
  type ApiGatewayV2Client,
  type Authorizer,
  GetApiMappingsCommand,
  GetApisCommand,
  GetAuthorizerCommand,
  GetAuthorizersCommand,
  GetDomainNamesCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStagesCommand,
  type Route,
} from '@aws-sdk/client-apigatewayv2';
import type { ApiGatewayV2Data } from '../../snapshot/format.js';
import { AwsCallError, mayLackOperation } from '../errors.js';
import { byParent, type UnitContext, unlessNotFound } from '../unit.js';

export async function collectApiGatewayV2(ctx: UnitContext): Promise<ApiGatewayV2Data> {
  const client = ctx.clients('apigatewayv2', ctx.region);
  const listAll = <T>(
    api: string,
    fetch: (NextToken?: string) => Promise<{ Items?: T[]; NextToken?: string }>,
  ) =>
    ctx.list(
      api,
      fetch,
      (page) => page.NextToken,
      (page) => page.Items,
    );

  const apis = await listAll('GetApis', (NextToken) => client.send(new GetApisCommand({ NextToken })));
  ctx.count('apis', apis.length);
  const authorizerListing = new AuthorizerListing();
  const perApi = await ctx.each(apis, async (api) => {
    const ApiId = api.ApiId!;
    const routes = await listAll('GetRoutes', (NextToken) =>
      client.send(new GetRoutesCommand({ ApiId, NextToken })),
    );
    const integrations = await listAll('GetIntegrations', (NextToken) =>
      client.send(new GetIntegrationsCommand({ ApiId, NextToken })),
    );
    const authorizers = await authorizerListing.authorizers(ctx, client, ApiId, routes);
    const stages = await listAll('GetStages', (NextToken) =>
      client.send(new GetStagesCommand({ ApiId, NextToken })),
    );
    ctx.count('routes', routes.length);
    return { ApiId, routes, integrations, authorizers, stages };
  });
  const domainNames = await listAll('GetDomainNames', (NextToken) =>
    client.send(new GetDomainNamesCommand({ NextToken })),
  );
  const apiMappings = await ctx.each(domainNames, async (domain) => {
    const DomainName = domain.DomainName!;
    const mappings = await listAll('GetApiMappings', (NextToken) =>
      client.send(new GetApiMappingsCommand({ DomainName, NextToken })),
    );
    return [DomainName, mappings] as const;
  });
  ctx.count('domainNames', domainNames.length);
  const apiId = (entry: (typeof perApi)[number]) => entry.ApiId;
  return {
    apis,
    routes: byParent(perApi, apiId, 'routes'),
    integrations: byParent(perApi, apiId, 'integrations'),
    authorizers: byParent(perApi, apiId, 'authorizers'),
    stages: byParent(perApi, apiId, 'stages'),
    domainNames,
    apiMappings: Object.fromEntries(apiMappings),
  };
}

/**
 * GetAuthorizers lists an API's authorizers. Endpoints that lack it (moto) get GetAuthorizer for every
 * authorizer id the routes name; authorizers no route uses are then missed, which cannot change exposure.
 */
class AuthorizerListing {
  private listUnsupported = false;

  async authorizers(
    ctx: UnitContext,
    client: ApiGatewayV2Client,
    ApiId: string,
    routes: Route[],
  ): Promise<Authorizer[]> {
    if (!this.listUnsupported) {
      try {
        return await ctx.list(
          'GetAuthorizers',
          (NextToken) => client.send(new GetAuthorizersCommand({ ApiId, NextToken })),
          (page) => page.NextToken,
          (page) => page.Items,
        );
      } catch (error) {
        if (!(error instanceof AwsCallError) || !mayLackOperation(error.cause)) throw error;
        this.listUnsupported = true;
      }
    }
    const ids = [...new Set(routes.flatMap((route) => (route.AuthorizerId ? [route.AuthorizerId] : [])))];
    const answers = await Promise.all(
      ids.map((AuthorizerId) =>
        unlessNotFound(['NotFoundException'], () =>
          ctx.call('GetAuthorizer', () => client.send(new GetAuthorizerCommand({ ApiId, AuthorizerId }))),
        ),
      ),
    );
    return answers.flatMap((answer) => {
      if (!answer) return [];
      const { $metadata: _, ...authorizer } = answer;
      return [authorizer as Authorizer];
    });
  }
}
