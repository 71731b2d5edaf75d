// One JSON line per event, so CloudWatch Logs Insights and the local console read the same.
export function logError(message: string, error: unknown, fields: Record<string, unknown> = {}): void {
  const detail =
    error instanceof Error
      ? { name: error.name, message: error.message, stack: error.stack, cause: describeCause(error.cause) }
      : { value: String(error) };
  console.error(JSON.stringify({ level: 'ERROR', timestamp: new Date().toISOString(), message, error: detail, ...fields }));
}

function describeCause(cause: unknown) {
  if (cause === undefined) return undefined;
  return cause instanceof Error ? { name: cause.name, message: cause.message } : String(cause);
}

export function logInfo(message: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level: 'INFO', timestamp: new Date().toISOString(), message, ...fields }));
}
