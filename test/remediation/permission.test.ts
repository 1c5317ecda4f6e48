/**
 * Statements of Lambda resource policies (as GetPolicy returns them, and as moto writes them) back into
 * the AddPermission request that writes them again (Lambda API reference, AddPermission).
 */
import { describe, expect, it } from 'vitest';
import { permissionFields, sameStatement } from '../../src/remediation/permission.js';

const FN = 'arn:aws:lambda:us-east-1:111122223333:function:orders';

describe('permissionFields', () => {
  it.each([
    {
      name: 'public URL grant as AWS writes it',
      statement: {
        Sid: 'FunctionURLAllowPublicAccess',
        Effect: 'Allow',
        Principal: '*',
        Action: 'lambda:InvokeFunctionUrl',
        Resource: FN,
        Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } },
      },
      fields: { Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' },
    },
    {
      name: 'InvokeFunction through the URL only',
      statement: {
        Sid: 's',
        Effect: 'Allow',
        Principal: '*',
        Action: 'lambda:InvokeFunction',
        Resource: FN,
        Condition: { Bool: { 'lambda:InvokedViaFunctionUrl': 'true' } },
      },
      fields: { Action: 'lambda:InvokeFunction', Principal: '*', InvokedViaFunctionUrl: true },
    },
    {
      name: 'moto keeps the URL keys at the top level',
      statement: {
        Sid: 's',
        Effect: 'Allow',
        Principal: '*',
        Action: 'lambda:InvokeFunctionUrl',
        Resource: FN,
        FunctionUrlAuthType: 'NONE',
      },
      fields: { Action: 'lambda:InvokeFunctionUrl', Principal: '*', FunctionUrlAuthType: 'NONE' },
    },
    {
      name: 'service grant pinned to a source',
      statement: {
        Sid: 's',
        Effect: 'Allow',
        Principal: { Service: 'apigateway.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: FN,
        Condition: {
          ArnLike: { 'AWS:SourceArn': 'arn:aws:execute-api:us-east-1:111122223333:abc/*' },
          StringEquals: { 'AWS:SourceAccount': '111122223333' },
        },
      },
      fields: {
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        SourceArn: 'arn:aws:execute-api:us-east-1:111122223333:abc/*',
        SourceAccount: '111122223333',
      },
    },
    {
      name: 'organization grant',
      statement: {
        Sid: 's',
        Effect: 'Allow',
        Principal: '*',
        Action: 'lambda:InvokeFunction',
        Resource: FN,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
      },
      fields: { Action: 'lambda:InvokeFunction', Principal: '*', PrincipalOrgID: 'o-abc' },
    },
  ])('$name', ({ statement, fields }) => {
    expect(permissionFields(statement)).toEqual(fields);
  });

  it.each([
    [{ Effect: 'Deny', Principal: '*', Action: 'lambda:InvokeFunction' }, /only Allow/],
    [
      { Effect: 'Allow', Principal: '*', Action: ['lambda:InvokeFunction', 'lambda:GetFunction'] },
      /one action/,
    ],
    [{ Effect: 'Allow', Principal: { AWS: ['a', 'b'] }, Action: 'lambda:InvokeFunction' }, /one principal/],
    [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'lambda:InvokeFunction',
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      },
      /condition IpAddress aws:SourceIp has no AddPermission field/,
    ],
  ])('refuses what AddPermission cannot write: %j', (statement, reason) => {
    expect(permissionFields(statement)).toMatch(reason);
  });
});

describe('sameStatement', () => {
  it('ignores key order and single-element lists, not content', () => {
    expect(sameStatement({ Action: ['a'], Effect: 'Allow' }, { Effect: 'Allow', Action: 'a' })).toBe(true);
    expect(sameStatement({ Action: 'a', Effect: 'Allow' }, { Action: 'b', Effect: 'Allow' })).toBe(false);
  });
});
