/**
 * API Gateway REST unit → rows: REST APIs (endpoint types, resource policy), resources with their methods
 * (authorization type, API key, authorizer, integration), authorizers and stages.
 */
import { GraphRowsBuilder } from '../rows.js';
import { restApiId } from './apigatewayv2.js';
import type { UnitInput } from './input.js';
import { linkInvoked } from './invokes.js';
import { booleanOrNull, jsonOrNull, policyTextOrRaw, textOrNull, textsOrEmpty } from './values.js';

export function transformApiGatewayRest(unit: UnitInput<'apigateway'>) {
  const rows = new GraphRowsBuilder();
  const { region, data } = unit;
  for (const api of data.restApis) {
    if (!api.id) continue;
    const apiNode = restApiId(region, api.id);
    const policyJson = api.policy
      ? policyTextOrRaw(api.policy, `resource policy of ${apiNode}`, (message) => rows.warn(message))
      : null;
    rows.node('APIGatewayRestApi', apiNode, {
      restApiId: api.id,
      name: textOrNull(api.name),
      endpointTypes: textsOrEmpty(api.endpointConfiguration?.types),
      vpcEndpointIds: textsOrEmpty(api.endpointConfiguration?.vpcEndpointIds),
      policyJson,
      disableExecuteApiEndpoint: booleanOrNull(api.disableExecuteApiEndpoint),
      apiKeySource: textOrNull(api.apiKeySource),
    });

    for (const authorizer of data.authorizers[api.id] ?? []) {
      if (!authorizer.id) continue;
      const id = `${apiNode}/authorizers/${authorizer.id}`;
      rows.node('APIGatewayRestAuthorizer', id, {
        authorizerId: authorizer.id,
        name: textOrNull(authorizer.name),
        type: textOrNull(authorizer.type),
        authorizerUri: textOrNull(authorizer.authorizerUri),
        providerARNs: textsOrEmpty(authorizer.providerARNs),
        identitySource: textOrNull(authorizer.identitySource),
        authorizerCredentials: textOrNull(authorizer.authorizerCredentials),
      });
      rows.relationship('restApiAuthorizer', apiNode, id, {});
      const edges = {
        function: 'restAuthorizerInvokesFunction',
        alias: 'restAuthorizerInvokesAlias',
      } as const;
      linkInvoked(rows, edges, id, authorizer.authorizerUri);
    }

    for (const resource of data.resources[api.id] ?? []) {
      if (!resource.id) continue;
      const resourceNode = `${apiNode}/resources/${resource.id}`;
      rows.node('APIGatewayResource', resourceNode, {
        resourceId: resource.id,
        path: textOrNull(resource.path),
        parentId: textOrNull(resource.parentId),
      });
      rows.relationship('restApiResource', apiNode, resourceNode, {});
      for (const [verb, method] of Object.entries(resource.resourceMethods ?? {})) {
        const id = `${resourceNode}/methods/${verb}`;
        const integration = method.methodIntegration;
        rows.node('APIGatewayMethod', id, {
          httpMethod: method.httpMethod ?? verb,
          authorizationType: textOrNull(method.authorizationType),
          authorizerId: textOrNull(method.authorizerId),
          apiKeyRequired: booleanOrNull(method.apiKeyRequired),
          authorizationScopes: textsOrEmpty(method.authorizationScopes),
          integrationType: textOrNull(integration?.type),
          integrationUri: textOrNull(integration?.uri),
          integrationCredentials: textOrNull(integration?.credentials),
        });
        rows.relationship('resourceMethod', resourceNode, id, {});
        if (method.authorizerId) {
          rows.relationship('methodAuthorizer', id, `${apiNode}/authorizers/${method.authorizerId}`, {});
        }
        linkInvoked(
          rows,
          { function: 'methodInvokesFunction', alias: 'methodInvokesAlias' },
          id,
          integration?.uri,
        );
      }
    }

    for (const stage of data.stages[api.id] ?? []) {
      if (!stage.stageName) continue;
      const id = `${apiNode}/stages/${stage.stageName}`;
      rows.node('APIGatewayRestStage', id, {
        stageName: stage.stageName,
        deploymentId: textOrNull(stage.deploymentId),
        variablesJson: jsonOrNull(stage.variables),
        webAclArn: textOrNull(stage.webAclArn),
      });
      rows.relationship('restApiStage', apiNode, id, {});
      // A WAF Classic web ACL (`waf-regional`) is kept on the stage as configured, not linked.
      const webAclArn = textOrNull(stage.webAclArn);
      if (webAclArn?.split(':')[2] === 'wafv2') rows.relationship('restStageWebAcl', id, webAclArn, {});
    }
  }
  return rows.build();
}
