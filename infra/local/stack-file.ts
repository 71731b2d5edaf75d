import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// While the stack runs, `<dataDir>/stack.json` tells other processes (npm run workspace,
// npm run aggregate, tests) where its API and DynamoDB listen: dynalite's LevelDB lock lets
// only this process open the data folder itself.
export interface StackInfo {
  pid: number;
  apiUrl: string;
  dynamodbEndpoint: string;
  table: string;
}

const stackFile = (dataDir: string) => join(dataDir, 'stack.json');

export function writeStackInfo(dataDir: string, info: StackInfo) {
  writeFileSync(stackFile(dataDir), `${JSON.stringify(info, null, 2)}\n`);
}

export function removeStackInfo(dataDir: string) {
  rmSync(stackFile(dataDir), { force: true });
}

export function readRunningStack(dataDir: string): StackInfo | null {
  let info: StackInfo;
  try {
    info = JSON.parse(readFileSync(stackFile(dataDir), 'utf8')) as StackInfo;
  } catch {
    return null;
  }
  try {
    process.kill(info.pid, 0);
    return info;
  } catch {
    return null; // left behind by a stack that was killed
  }
}
