/**
 * API Gateway v2 unit → rows: HTTP and WebSocket APIs with routes (authorization type, authorizer, scopes,
 * API key), integrations, authorizers, stages, custom domain names and their API mappings. Integrations
 * and Lambda authorizers whose URI names a function literally get an INVOKES edge.
 */
import { partitionOfRegion } from '../../iam/partition.js';
import { GraphRowsBuilder } from '../rows.js';
import type { UnitInput } from './input.js';
import { linkInvoked } from './invokes.js';
import { booleanOrNull, jsonOrNull, textOrNull, textsOrEmpty } from './values.js';

// API Gateway resource ARNs, in the partition of their region (aws-cn, aws-us-gov, ...).
const apigatewayArn = (region: string, path: string) =>
  `arn:${partitionOfRegion(region)}:apigateway:${region}::${path}`;
export const apiV2Id = (region: string, apiId: string) => apigatewayArn(region, `/apis/${apiId}`);
export const restApiId = (region: string, id: string) => apigatewayArn(region, `/restapis/${id}`);
export const domainNameId = (region: string, name: string) => apigatewayArn(region, `/domainnames/${name}`);

export function transformApiGatewayV2(unit: UnitInput<'apigatewayv2'>) {
  const rows = new GraphRowsBuilder();
  const { region, data } = unit;
  const v2Apis = new Set<string>();
  for (const api of data.apis) {
    if (!api.ApiId) continue;
    v2Apis.add(api.ApiId);
    const apiNode = apiV2Id(region, api.ApiId);
    rows.node('APIGatewayV2Api', apiNode, {
      apiId: api.ApiId,
      name: textOrNull(api.Name),
      protocolType: textOrNull(api.ProtocolType),
      apiEndpoint: textOrNull(api.ApiEndpoint),
      disableExecuteApiEndpoint: booleanOrNull(api.DisableExecuteApiEndpoint),
      corsJson: jsonOrNull(api.CorsConfiguration),
      routeSelectionExpression: textOrNull(api.RouteSelectionExpression),
      apiKeySelectionExpression: textOrNull(api.ApiKeySelectionExpression),
      ipAddressType: textOrNull(api.IpAddressType),
      tagsJson: jsonOrNull(api.Tags),
    });

    for (const integration of data.integrations[api.ApiId] ?? []) {
      if (!integration.IntegrationId) continue;
      const id = `${apiNode}/integrations/${integration.IntegrationId}`;
      rows.node('APIGatewayV2Integration', id, {
        integrationId: integration.IntegrationId,
        integrationType: textOrNull(integration.IntegrationType),
        integrationUri: textOrNull(integration.IntegrationUri),
        integrationSubtype: textOrNull(integration.IntegrationSubtype),
        connectionType: textOrNull(integration.ConnectionType),
        credentialsArn: textOrNull(integration.CredentialsArn),
        payloadFormatVersion: textOrNull(integration.PayloadFormatVersion),
      });
      rows.relationship('apiIntegration', apiNode, id, {});
      const edges = { function: 'integrationInvokesFunction', alias: 'integrationInvokesAlias' } as const;
      linkInvoked(rows, edges, id, integration.IntegrationUri);
    }

    for (const authorizer of data.authorizers[api.ApiId] ?? []) {
      if (!authorizer.AuthorizerId) continue;
      const id = `${apiNode}/authorizers/${authorizer.AuthorizerId}`;
      rows.node('APIGatewayV2Authorizer', id, {
        authorizerId: authorizer.AuthorizerId,
        name: textOrNull(authorizer.Name),
        authorizerType: textOrNull(authorizer.AuthorizerType),
        authorizerUri: textOrNull(authorizer.AuthorizerUri),
        jwtIssuer: textOrNull(authorizer.JwtConfiguration?.Issuer),
        jwtAudience: textsOrEmpty(authorizer.JwtConfiguration?.Audience),
        identitySource: textsOrEmpty(authorizer.IdentitySource),
        authorizerPayloadFormatVersion: textOrNull(authorizer.AuthorizerPayloadFormatVersion),
        enableSimpleResponses: booleanOrNull(authorizer.EnableSimpleResponses),
        authorizerCredentialsArn: textOrNull(authorizer.AuthorizerCredentialsArn),
      });
      rows.relationship('apiAuthorizer', apiNode, id, {});
      const edges = { function: 'authorizerInvokesFunction', alias: 'authorizerInvokesAlias' } as const;
      linkInvoked(rows, edges, id, authorizer.AuthorizerUri);
    }

    for (const route of data.routes[api.ApiId] ?? []) {
      if (!route.RouteId) continue;
      const id = `${apiNode}/routes/${route.RouteId}`;
      rows.node('APIGatewayV2Route', id, {
        routeId: route.RouteId,
        apiId: api.ApiId,
        routeKey: textOrNull(route.RouteKey),
        // AWS's default when a route is created without one.
        authorizationType: route.AuthorizationType ?? 'NONE',
        authorizerId: textOrNull(route.AuthorizerId),
        authorizationScopes: textsOrEmpty(route.AuthorizationScopes),
        apiKeyRequired: booleanOrNull(route.ApiKeyRequired),
        target: textOrNull(route.Target),
      });
      rows.relationship('apiRoute', apiNode, id, {});
      const integrationId = /^integrations\/(.+)$/.exec(route.Target ?? '')?.[1];
      if (integrationId) rows.relationship('routeTarget', id, `${apiNode}/integrations/${integrationId}`, {});
      if (route.AuthorizerId) {
        rows.relationship('routeAuthorizer', id, `${apiNode}/authorizers/${route.AuthorizerId}`, {});
      }
    }

    for (const stage of data.stages[api.ApiId] ?? []) {
      if (!stage.StageName) continue;
      const id = `${apiNode}/stages/${stage.StageName}`;
      rows.node('APIGatewayV2Stage', id, {
        stageName: stage.StageName,
        autoDeploy: booleanOrNull(stage.AutoDeploy),
        deploymentId: textOrNull(stage.DeploymentId),
        stageVariablesJson: jsonOrNull(stage.StageVariables),
      });
      rows.relationship('apiStage', apiNode, id, {});
    }
  }

  for (const domain of data.domainNames) {
    if (!domain.DomainName) continue;
    const id = domainNameId(region, domain.DomainName);
    rows.node('APIGatewayDomainName', id, {
      domainName: domain.DomainName,
      mutualTlsJson: jsonOrNull(domain.MutualTlsAuthentication),
      configurationsJson: jsonOrNull(domain.DomainNameConfigurations),
    });
    for (const mapping of data.apiMappings[domain.DomainName] ?? []) {
      if (!mapping.ApiId || !mapping.ApiMappingId) continue;
      const props = {
        apiMappingId: mapping.ApiMappingId,
        apiMappingKey: mapping.ApiMappingKey ?? '',
        stage: textOrNull(mapping.Stage),
      };
      // The v2 API mappings also map REST APIs; an id that is not one of this unit's v2 APIs is one.
      if (v2Apis.has(mapping.ApiId)) {
        rows.relationship('domainMapsToApi', id, apiV2Id(region, mapping.ApiId), props);
      } else {
        rows.relationship('domainMapsToRestApi', id, restApiId(region, mapping.ApiId), props);
      }
    }
  }
  return rows.build();
}
