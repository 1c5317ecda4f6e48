/** One pure transform per snapshot service: a unit's AWS responses in, the schema's rows out. */
import type { SnapshotUnit } from '../../snapshot/read.js';
import type { GraphRows } from '../rows.js';
import { transformApiGatewayRest } from './apigateway.js';
import { transformApiGatewayV2 } from './apigatewayv2.js';
import { transformCloudFront } from './cloudfront.js';
import { transformDataStores } from './datastores.js';
import { transformEc2 } from './ec2.js';
import { transformElbv2 } from './elbv2.js';
import { transformIam } from './iam.js';
import { transformLambda } from './lambda.js';
import { transformOrganizations } from './organizations.js';
import { transformWafV2 } from './wafv2.js';

export function transformUnit(unit: SnapshotUnit): GraphRows {
  switch (unit.service) {
    case 'iam':
      return transformIam(unit);
    case 'organizations':
      return transformOrganizations(unit);
    case 'lambda':
      return transformLambda(unit);
    case 'apigatewayv2':
      return transformApiGatewayV2(unit);
    case 'apigateway':
      return transformApiGatewayRest(unit);
    case 'elbv2':
      return transformElbv2(unit);
    case 'ec2':
      return transformEc2(unit);
    case 'cloudfront':
      return transformCloudFront(unit);
    case 'datastores':
      return transformDataStores(unit);
    case 'wafv2':
      return transformWafV2(unit);
  }
}
