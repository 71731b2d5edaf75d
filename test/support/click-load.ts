import { visit } from './http.js';

/** A visitor id of the cookie's shape (`h_` + 22 characters), unique per tag and index. */
export const loadVisitor = (tag: string, index: number) => `h_${tag}${String(index).padStart(22 - tag.length, '0')}`;

export interface ClickLoadResult {
  /** Visitors whose redirect was answered 302: each must be a stored click. */
  answered: string[];
  /** Visitors whose request was sent but never answered 302 (cut off, or answered otherwise). */
  unanswered: string[];
  /** Every answer that was not a 302, by status (0: no answer at all). */
  otherStatuses: Record<number, number>;
  /** The JSON bodies of the non-302 answers, for assertions. */
  errorBodies: unknown[];
}

// Clicks on one link, `concurrency` at a time, one new visitor (cookie) per click, until `total`
// were sent or `stopSending()` says so. `onAnswered` sees the running count of 302s, so a caller can
// kill the stack at a chosen moment; what was in flight then is told apart from what was answered.
export async function runClickLoad(
  url: string,
  code: string,
  options: { tag: string; total: number; concurrency: number; onAnswered?: (answered: number) => void; stopSending?: () => boolean },
): Promise<ClickLoadResult> {
  const result: ClickLoadResult = { answered: [], unanswered: [], otherStatuses: {}, errorBodies: [] };
  let next = 0;
  const worker = async () => {
    while (next < options.total && !options.stopSending?.()) {
      const visitor = loadVisitor(options.tag, next++);
      let status = 0;
      try {
        const response = await visit({ url }, code, { cookie: `rpl_vid=${visitor}` });
        status = response.status;
        if (status !== 302) result.errorBodies.push(await response.json().catch(() => null));
        else await response.body?.cancel();
      } catch {
        status = 0; // the connection was cut before an answer
      }
      if (status === 302) {
        result.answered.push(visitor);
        options.onAnswered?.(result.answered.length);
      } else {
        result.unanswered.push(visitor);
        result.otherStatuses[status] = (result.otherStatuses[status] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return result;
}
