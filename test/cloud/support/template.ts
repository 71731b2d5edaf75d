import type { CfnResource, Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';

// Reading a synthesized template: logical ids of constructs, CloudFormation values as plain
// strings, and the IAM grants a role ends up with, however CDK splits them into statements.

export interface CfnResourceJson {
  Type: string;
  Properties?: Record<string, any>;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export type Resources = Record<string, CfnResourceJson>;

export const resourcesOf = (template: Template) => template.toJSON().Resources as Resources;

export const ofType = (resources: Resources, type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);

/** The logical id a construct's CloudFormation resource has in its stack's template. */
export const logicalIdOf = (stack: Stack, construct: IConstruct) => stack.resolve((construct.node.defaultChild as CfnResource).logicalId) as string;

/**
 * A CloudFormation value as one string: `{Ref:Id}`, `{Id.Attribute}`, joins concatenated. Lets a
 * test compare an ARN CDK wrote as Fn::Join with the string it means.
 */
export function render(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value && typeof value === 'object') {
    const object = value as Record<string, any>;
    if ('Ref' in object) return `{Ref:${object.Ref}}`;
    if ('Fn::GetAtt' in object) return `{${[object['Fn::GetAtt']].flat().join('.')}}`;
    if ('Fn::Join' in object) {
      const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(separator);
    }
  }
  return JSON.stringify(value);
}

export const refOf = (logicalId: string) => `{Ref:${logicalId}}`;
export const arnOf = (logicalId: string) => `{${logicalId}.Arn}`;

/** The logical id a value points at: `{Ref:Id}` (after an optional prefix) or `{Id.Arn}`, else ''. */
export const referencedId = (value: unknown, prefix = '') => {
  const text = render(value);
  if (!text.startsWith(prefix)) return '';
  return /^\{Ref:(.+)\}$|^\{(.+)\.Arn\}$/.exec(text.slice(prefix.length))?.slice(1).find(Boolean) ?? '';
};

/** One permission: an effect, one action, one resource (rendered). */
export interface Grant {
  effect: string;
  action: string;
  resource: string;
}

export const grantKey = (grant: Grant) => `${grant.effect} ${grant.action} ${grant.resource}`;

/**
 * Every statement that reaches a role: its inline policies and every AWS::IAM::Policy or
 * ManagedPolicy (declared in the template) attached to it, flattened to one grant per action
 * and resource.
 */
export function grantsOfRole(resources: Resources, roleLogicalId: string): Grant[] {
  const role = resources[roleLogicalId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleLogicalId} is not a role`);
  const documents: any[] = (role.Properties?.Policies ?? []).map((policy: any) => policy.PolicyDocument);
  for (const [, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
    const roles: unknown[] = resource.Properties?.Roles ?? [];
    if (roles.some((entry) => render(entry) === refOf(roleLogicalId))) documents.push(resource.Properties?.PolicyDocument);
  }
  return documents.flatMap((document) =>
    (document.Statement as any[]).flatMap((statement) => {
      // NotAction and NotResource grant everything but a list: never what least privilege means.
      if ('NotAction' in statement || 'NotResource' in statement) throw new Error(`${roleLogicalId} has a Not* statement`);
      return [statement.Action]
        .flat()
        .flatMap((action: string) =>
          [statement.Resource].flat().map((resource: unknown) => ({ effect: statement.Effect as string, action, resource: render(resource) })),
        );
    }),
  );
}

/** The role a Lambda function runs as (its Role is the role's Fn::GetAtt Arn). */
export function roleOfFunction(resources: Resources, functionLogicalId: string): string {
  const role = resources[functionLogicalId]?.Properties?.Role;
  const roleId = referencedId(role);
  if (resources[roleId]?.Type !== 'AWS::IAM::Role') throw new Error(`${functionLogicalId} has no role of this stack: ${render(role)}`);
  return roleId;
}
