import { DEFAULT_FUNCTION, DEFAULT_ROUTE_KEY, type HttpFunctionName, type Route, routeKey, routes } from '../../shared/topology.js';

export interface RouteMatch {
  routeKey: string;
  functionName: HttpFunctionName;
  pathParameters: Record<string, string> | undefined;
}

interface CompiledRoute {
  route: Route;
  segments: string[];
  literalSegments: number;
}

const compiled: CompiledRoute[] = (routes as readonly Route[]).map((route) => {
  const segments = route.path.split('/').slice(1);
  return { route, segments, literalSegments: segments.filter((segment) => !isParameter(segment)).length };
});

// API Gateway's rule: a route matches whole segments, `{name}` matches exactly one, a trailing
// greedy `{name+}` matches one or more, and the route with more literal segments wins (a greedy
// route loses to any exact one). Anything unmatched goes to $default.
export function matchRoute(method: string, path: string): RouteMatch {
  const requestSegments = path.split('/').slice(1);
  let best: { entry: CompiledRoute; parameters: Record<string, string> } | null = null;
  for (const entry of compiled) {
    if (entry.route.method !== method) continue;
    const parameters = matchSegments(entry.segments, requestSegments);
    if (parameters && (!best || ranksAbove(entry, best.entry))) best = { entry, parameters };
  }
  if (!best) return { routeKey: DEFAULT_ROUTE_KEY, functionName: DEFAULT_FUNCTION, pathParameters: undefined };
  return {
    routeKey: routeKey(best.entry.route),
    functionName: best.entry.route.function,
    pathParameters: Object.keys(best.parameters).length ? best.parameters : undefined,
  };
}

const ranksAbove = (entry: CompiledRoute, other: CompiledRoute) =>
  isGreedy(other.segments.at(-1)) !== isGreedy(entry.segments.at(-1)) ? !isGreedy(entry.segments.at(-1)) : entry.literalSegments > other.literalSegments;

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  const greedy = isGreedy(pattern.at(-1));
  if (greedy ? actual.length < pattern.length : actual.length !== pattern.length) return null;
  const parameters: Record<string, string> = {};
  for (const [index, segment] of pattern.entries()) {
    const value = actual[index] ?? '';
    if (greedy && index === pattern.length - 1) {
      const rest = actual.slice(index).join('/');
      if (rest === '') return null;
      parameters[segment.slice(1, -2)] = safeDecode(rest);
    } else if (isParameter(segment)) {
      if (value === '') return null;
      parameters[segment.slice(1, -1)] = safeDecode(value);
    } else if (segment !== value) {
      return null;
    }
  }
  return parameters;
}

function isParameter(segment: string) {
  return segment.startsWith('{') && segment.endsWith('}');
}

const isGreedy = (segment: string | undefined) => segment?.startsWith('{') && segment.endsWith('+}');

function safeDecode(value: string) {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
