// What `cdk.json` runs (`cdk synth`, `cdk deploy`, `npm run synth`): the app, synthesized.
import { rippleApp } from './app.js';

rippleApp().app.synth();
