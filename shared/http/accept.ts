// Accept negotiation between JSON, every API answer's type, and one other type a route can also
// give (a report's CSV, a dead link's page): the other only when the client ranks it above JSON.
const JSON_RANGES = /^(application\/json|application\/\*|\*\/\*)$/;

export function prefersOverJson(accept: string | undefined, type: RegExp): boolean {
  if (!accept) return false;
  return (quality(accept, type) ?? 0) > (quality(accept, JSON_RANGES) ?? 0);
}

/** Does an Accept-Encoding header take gzip? Not when it gives gzip (or `*`, gzip unnamed) q=0. */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return (quality(acceptEncoding, /^gzip$/) ?? quality(acceptEncoding, /^\*$/) ?? 0) > 0;
}

// The highest q an Accept header gives a range matching `type` (1 when unstated), or undefined when it names none.
function quality(accept: string, type: RegExp): number | undefined {
  let best: number | undefined;
  for (const range of accept.split(',')) {
    const [name = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    if (!type.test(name)) continue;
    const q = params.find((param) => param.startsWith('q='));
    best = Math.max(best ?? 0, q ? Number(q.slice(2)) || 0 : 1);
  }
  return best;
}
