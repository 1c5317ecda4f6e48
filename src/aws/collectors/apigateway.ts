/**
 * API Gateway REST APIs, per region: the APIs (endpoint types, resource policy), and per API its resources
 * with their methods embedded (authorization, API key, method integration), authorizers and stages.
 */
import {
  GetAuthorizersCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetStagesCommand,
} from '@aws-sdk/client-api-gateway';
import type { ApiGatewayRestData } from '../../snapshot/format.js';
import { byParent, type UnitContext } from '../unit.js';

const PAGE_SIZE = 500;

export async function collectApiGatewayRest(ctx: UnitContext): Promise<ApiGatewayRestData> {
  const client = ctx.clients('apigateway', ctx.region);
  const listAll = <T>(
    api: string,
    fetch: (position?: string) => Promise<{ items?: T[]; position?: string }>,
  ) =>
    ctx.list(
      api,
      fetch,
      (page) => page.position,
      (page) => page.items,
    );

  const restApis = await listAll('GetRestApis', (position) =>
    client.send(new GetRestApisCommand({ position, limit: PAGE_SIZE })),
  );
  ctx.count('restApis', restApis.length);
  const perApi = await ctx.each(restApis, async (api) => {
    const restApiId = api.id!;
    const resources = await listAll('GetResources', (position) =>
      client.send(new GetResourcesCommand({ restApiId, embed: ['methods'], position, limit: PAGE_SIZE })),
    );
    const authorizers = await listAll('GetAuthorizers', (position) =>
      client.send(new GetAuthorizersCommand({ restApiId, position, limit: PAGE_SIZE })),
    );
    const { item: stages = [] } = await ctx.call('GetStages', () =>
      client.send(new GetStagesCommand({ restApiId })),
    );
    ctx.count(
      'methods',
      resources.reduce((sum, resource) => sum + Object.keys(resource.resourceMethods ?? {}).length, 0),
    );
    return { restApiId, resources, authorizers, stages };
  });
  const apiId = (entry: (typeof perApi)[number]) => entry.restApiId;
  return {
    restApis,
    resources: byParent(perApi, apiId, 'resources'),
    authorizers: byParent(perApi, apiId, 'authorizers'),
    stages: byParent(perApi, apiId, 'stages'),
  };
}
