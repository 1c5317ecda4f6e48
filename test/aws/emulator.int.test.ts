import { GetRoleCommand } from '@aws-sdk/client-iam';
import { GetFunctionUrlConfigCommand, GetPolicyCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { addPermission, aws, createFunction, createFunctionUrl, createRole } from '../support/aws.js';

// The harness itself: resources created through the real SDK against moto read back as AWS returns them.
describe('AWS emulator harness', () => {
  it('creates a role, a function with a public URL and its permission, and reads them back', async () => {
    const roleArn = await createRole({
      name: 'harness-role',
      inline: {
        all: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
      },
    });
    const functionArn = await createFunction('harness-fn', roleArn);
    await createFunctionUrl('harness-fn', 'NONE');
    await addPermission({
      FunctionName: 'harness-fn',
      StatementId: 'public-url',
      Action: 'lambda:InvokeFunctionUrl',
      Principal: '*',
      FunctionUrlAuthType: 'NONE',
    });

    const { Role } = await aws.iam().send(new GetRoleCommand({ RoleName: 'harness-role' }));
    expect(Role?.Arn).toBe(roleArn);
    // IAM returns trust policies URL-encoded.
    expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!)).Statement[0].Principal).toEqual({
      Service: 'lambda.amazonaws.com',
    });
    const url = await aws.lambda().send(new GetFunctionUrlConfigCommand({ FunctionName: 'harness-fn' }));
    expect(url.AuthType).toBe('NONE');
    expect(url.FunctionArn).toBe(functionArn);
    const { Policy } = await aws.lambda().send(new GetPolicyCommand({ FunctionName: 'harness-fn' }));
    expect(JSON.parse(Policy!).Statement[0]).toMatchObject({
      Sid: 'public-url',
      Principal: '*',
      Action: 'lambda:InvokeFunctionUrl',
    });
  });
});
