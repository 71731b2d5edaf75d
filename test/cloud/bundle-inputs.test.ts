import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { ESBUILD_OPTIONS, entryOf } from '../../infra/bundling.js';
import { functionNames } from '../../shared/topology.js';
import { REPO_ROOT } from '../support/local-stack.js';

// The API's description is made at development time (npm run openapi) and served as a file: no
// function bundles the code that makes it, nor the libraries that check it.
describe('what the functions bundle', () => {
  it.each(functionNames)('%s bundles nothing of the API description\u2019s generator', async (name) => {
    const { metafile } = await build({
      ...ESBUILD_OPTIONS,
      entryPoints: [entryOf(name)],
      outdir: 'unused',
      write: false,
      metafile: true,
      absWorkingDir: REPO_ROOT,
    });
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.length).toBeGreaterThan(50);
    expect(inputs.filter((input) => /shared\/api-schema\/|node_modules\/(zod-openapi|ajv|ajv-formats|@seriousme)\//.test(input))).toEqual([]);
  });
});
