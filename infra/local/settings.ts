import { resolve } from 'node:path';

export interface LocalSettings {
  port: number;
  host: string;
  dataDir: string;
  apiKey: string | undefined;
}

// The local stack's own settings (SPEC §5); function settings come from shared/config.ts.
export function localSettings(env: Record<string, string | undefined> = process.env): LocalSettings {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return {
    port,
    host: env.RIPPLE_HOST ?? '127.0.0.1',
    dataDir: resolve(env.RIPPLE_DATA_DIR || '.ripple'),
    apiKey: env.RIPPLE_API_KEY || undefined,
  };
}
