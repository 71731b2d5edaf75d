import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config.js';

describe('loadConfig', () => {
  it('defaults to a 30 s lookup cache, so a deactivation reaches the redirect within a minute', () => {
    expect(loadConfig({}).RIPPLE_CACHE_SECONDS).toBe(30);
  });

  it('refuses a cache age over 60 s and names the bad setting', () => {
    expect(() => loadConfig({ RIPPLE_CACHE_SECONDS: '61' })).toThrow(/RIPPLE_CACHE_SECONDS/);
  });

  it('reads numbers from the environment and refuses non-numbers', () => {
    expect(loadConfig({ RIPPLE_RESHARE_LIMIT_PER_VISITOR: '3' }).RIPPLE_RESHARE_LIMIT_PER_VISITOR).toBe(3);
    expect(() => loadConfig({ RIPPLE_RESHARE_LIMIT_PER_VISITOR: 'lots' })).toThrow(/RIPPLE_RESHARE_LIMIT_PER_VISITOR/);
    expect(() => loadConfig({ RIPPLE_DYNAMODB_ENDPOINT: 'not a url' })).toThrow(/RIPPLE_DYNAMODB_ENDPOINT/);
  });
});
