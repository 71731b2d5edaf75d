// The local stack's access log: one line per request, written in batches. Under load a write per
// request was a system call per request on the thread that also runs the handlers; a batch is one
// write every `flushMs`, so a line shows up at most that late. flush() writes what is pending now
// (before the stack says it stops).

export interface AccessLog {
  line(text: string): void;
  flush(): void;
}

export function makeAccessLog(write: (text: string) => void = (text) => process.stdout.write(text), flushMs = 50): AccessLog {
  let pending: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const text = `${pending.join('\n')}\n`;
    pending = [];
    write(text);
  };
  return {
    line(text) {
      pending.push(text);
      // unref: a pending batch never keeps the process alive on its own.
      timer ??= setTimeout(flush, flushMs).unref();
    },
    flush,
  };
}
