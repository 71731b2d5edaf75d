import { visit } from './http.js';

/** A visitor id of the cookie's shape (`h_` + 22 characters), unique per tag and index. */
export const loadVisitor = (tag: string, index: number) => `h_${tag}${String(index).padStart(22 - tag.length, '0')}`;

export interface ClickAnswer {
  visitor: string;
  /** 0 when the connection was cut before any answer. */
  status: number;
  /** From sending to the answer (or the cut). */
  ms: number;
  retryAfter: string | null;
  /** The JSON body of an answer other than a 302. */
  body: unknown;
}

export interface ClickLoadResult {
  /** Visitors whose redirect was answered 302: each must be a stored click. */
  answered: string[];
  /** Visitors whose request was sent but never answered 302 (cut off, or answered otherwise). */
  unanswered: string[];
  /** Every answer that was not a 302, by status (0: no answer at all). */
  otherStatuses: Record<number, number>;
  /** Every request, in the order answers came. */
  answers: ClickAnswer[];
}

// Clicks on one link, `concurrency` at a time, one new visitor (cookie) per click, until `total`
// were sent or `stopSending()` says so. `onAnswer` sees each answer and the running count of 302s,
// so a caller can kill the stack or fault the store at a chosen moment; what was in flight then is
// told apart from what was answered.
export async function runClickLoad(
  url: string,
  code: string,
  options: {
    tag: string;
    total: number;
    concurrency: number;
    onAnswer?: (answer: ClickAnswer, answered: number) => void;
    stopSending?: () => boolean;
  },
): Promise<ClickLoadResult> {
  const result: ClickLoadResult = { answered: [], unanswered: [], otherStatuses: {}, answers: [] };
  let next = 0;
  const worker = async () => {
    while (next < options.total && !options.stopSending?.()) {
      const visitor = loadVisitor(options.tag, next++);
      const started = performance.now();
      const answer: ClickAnswer = { visitor, status: 0, ms: 0, retryAfter: null, body: null };
      try {
        const response = await visit({ url }, code, { cookie: `rpl_vid=${visitor}` });
        answer.status = response.status;
        answer.retryAfter = response.headers.get('retry-after');
        if (response.status === 302) await response.body?.cancel();
        else answer.body = await response.json().catch(() => null);
      } catch {
        answer.status = 0; // the connection was cut before an answer
      }
      answer.ms = performance.now() - started;
      result.answers.push(answer);
      if (answer.status === 302) result.answered.push(visitor);
      else {
        result.unanswered.push(visitor);
        result.otherStatuses[answer.status] = (result.otherStatuses[answer.status] ?? 0) + 1;
      }
      options.onAnswer?.(answer, result.answered.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return result;
}
