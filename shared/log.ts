import { logger } from './observability/powertools.js';

// Structured JSON lines through Powertools' logger, so CloudWatch Logs Insights and the local
// console read the same fields (level, timestamp, service, Lambda request id, message, …).
export function logError(message: string, error: unknown, fields: Record<string, unknown> = {}): void {
  if (error instanceof Error) logger.error({ message, ...fields }, error);
  else logger.error({ message, ...fields, error: { value: String(error) } });
}

export function logInfo(message: string, fields: Record<string, unknown> = {}): void {
  logger.info({ message, ...fields });
}
