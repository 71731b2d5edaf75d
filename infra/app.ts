// The CDK app (infra/main.ts synthesizes it for the CLI; tests build it with their own context).
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RippleStack } from './cloud/ripple-stack.js';
import { cloudSettings } from './cloud/settings.js';

export function rippleApp(context: Record<string, unknown> = {}, options: { outdir?: string } = {}) {
  const app = new App({ context, ...options });
  const settings = cloudSettings(app.node);
  const stack = new RippleStack(app, `Ripple-${settings.stage}`, {
    settings,
    description: `Ripple share links and viral metrics (${settings.stage})`,
    // Account and region come from the CLI's credentials at deploy; synth needs neither.
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  // AwsSolutions findings fail the synth unless acknowledged, with a reason (cloud/nag-acknowledgements.ts).
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
