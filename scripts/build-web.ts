// node --import tsx scripts/build-web.ts <folder>: the dashboard's browser code into <folder>, with
// a size line per file (the CDK app runs this beside the dashboard function's bundle).
import { buildWeb } from '../infra/web-bundling.js';

const outDir = process.argv[2];
if (!outDir) throw new Error('usage: build-web.ts <output folder>');
const { files } = await buildWeb(outDir);
for (const file of files)
  console.log(`${file.path.padEnd(40)} ${(file.bytes / 1024).toFixed(1).padStart(7)} KB  ${(file.gzipBytes / 1024).toFixed(1).padStart(6)} KB gzipped`);
