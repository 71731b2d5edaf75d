import { describe, expect, it } from 'vitest';
import { localSettings } from '../../../infra/local/settings.js';

describe('the local stack’s DynamoDB', () => {
  it('is dynalite unless asked otherwise', () => {
    expect(localSettings({}).dynamodb).toEqual({ kind: 'dynalite' });
    expect(localSettings({ RIPPLE_LOCAL_DYNAMODB: '' }).dynamodb).toEqual({ kind: 'dynalite' });
  });

  it('is DynamoDB Local with RIPPLE_LOCAL_DYNAMODB=dynamodb-local', () => {
    expect(localSettings({ RIPPLE_LOCAL_DYNAMODB: 'dynamodb-local' }).dynamodb).toEqual({ kind: 'dynamodb-local' });
  });

  it('is the one at RIPPLE_DYNAMODB_ENDPOINT when given, which the stack then does not start', () => {
    const env = { RIPPLE_DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000', RIPPLE_LOCAL_DYNAMODB: 'dynamodb-local' };

    expect(localSettings(env).dynamodb).toEqual({ kind: 'external', endpoint: 'http://127.0.0.1:8000' });
  });

  it('refuses an engine it does not know, naming the ones it does', () => {
    expect(() => localSettings({ RIPPLE_LOCAL_DYNAMODB: 'scylla' })).toThrow(/RIPPLE_LOCAL_DYNAMODB must be one of dynalite, dynamodb-local, got scylla/);
  });
});
