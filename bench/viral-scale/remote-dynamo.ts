// The counting DynamoDB answered across a thread boundary. A commit measured in a worker thread then
// has a heap of its own, as on Lambda, where DynamoDB is a remote service: the benchmark's
// million-item table and its base state stay in the main thread's heap, whose collections would
// otherwise be charged to the commit measured beside them (docs/benchmarks.md, "The cold commit").
import { BatchGetCommand, BatchWriteCommand, DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../shared/store/db.js';
import type { CountingDynamo } from './counting-dynamo.js';

const COMMANDS = { GetCommand, PutCommand, DeleteCommand, BatchGetCommand, BatchWriteCommand, QueryCommand };
type CommandName = keyof typeof COMMANDS;

interface DynamoCall {
  kind: 'dynamo';
  id: number;
  command: CommandName;
  input: unknown;
}

interface DynamoAnswer {
  kind: 'dynamo';
  id: number;
  output?: unknown;
  error?: { name: string; message: string };
}

/** A worker thread's `parentPort`, or the `Worker` itself on the main thread's side. */
interface Port {
  // biome-ignore lint/suspicious/noExplicitAny: the overloads of Worker#on and MessagePort#on meet only at `any`
  on(event: string, listener: (message: any) => void): unknown;
  postMessage(message: unknown): void;
}

/** Answers the calls a `remoteDb` on the other side of `port` sends, from `dynamo`. */
export function serveDynamo(port: Port, dynamo: CountingDynamo): void {
  port.on('message', (message: DynamoCall | { kind: string }) => {
    if (message.kind !== 'dynamo') return;
    const { id, command, input } = message as DynamoCall;
    const Command = COMMANDS[command] as new (input: unknown) => unknown;
    dynamo.db.doc.send(new Command(input) as never).then(
      (output: unknown) => port.postMessage({ kind: 'dynamo', id, output } satisfies DynamoAnswer),
      (error: Error) => port.postMessage({ kind: 'dynamo', id, error: { name: error.name, message: error.message } } satisfies DynamoAnswer),
    );
  });
}

/** A `Db` whose commands are answered by `serveDynamo` across `port`. */
export function remoteDb(port: Port, table: string): Db {
  const waiting = new Map<number, { resolve: (output: unknown) => void; reject: (error: Error) => void }>();
  let next = 0;
  port.on('message', (message: DynamoAnswer | { kind: string }) => {
    if (message.kind !== 'dynamo') return;
    const { id, output, error } = message as DynamoAnswer;
    const call = waiting.get(id);
    waiting.delete(id);
    if (!error) return call?.resolve(output);
    const failure = new Error(error.message);
    failure.name = error.name;
    call?.reject(failure);
  });
  const send = (command: { constructor: { name: string }; input: unknown }) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      port.postMessage({ kind: 'dynamo', id, command: command.constructor.name as CommandName, input: command.input } satisfies DynamoCall);
    });
  return { doc: { send } as unknown as DynamoDBDocumentClient, table };
}
