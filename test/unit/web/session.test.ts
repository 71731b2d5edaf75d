import { beforeEach, describe, expect, it } from 'vitest';
import { forgetKey, rememberKey, storedKey, takeKeyFromFragment } from '../../../web/dashboard/session.js';

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  history.replaceState(null, '', '/app');
});

describe('the signed-in key', () => {
  it('is kept for the tab only, unless "remember me" keeps it in this browser', () => {
    rememberKey('rpl_tab', false);
    expect(sessionStorage.getItem('ripple.apiKey')).toBe('rpl_tab');
    expect(localStorage.getItem('ripple.apiKey')).toBeNull();

    rememberKey('rpl_kept', true);
    expect(localStorage.getItem('ripple.apiKey')).toBe('rpl_kept');
    expect(sessionStorage.getItem('ripple.apiKey')).toBeNull();
    expect(storedKey()).toBe('rpl_kept');
  });

  it('is forgotten everywhere on sign-out', () => {
    rememberKey('rpl_kept', true);
    forgetKey();
    expect(storedKey()).toBeNull();
  });
});

describe('a sign-in link', () => {
  it('gives its key from the fragment and leaves the address bar without it', () => {
    history.replaceState(null, '', '/app/contents/cnt_1?x=1#key=rpl_abc');

    expect(takeKeyFromFragment()).toBe('rpl_abc');
    expect(location.hash).toBe('');
    expect(location.pathname + location.search).toBe('/app/contents/cnt_1?x=1');
  });

  it('gives nothing when the fragment holds no key', () => {
    history.replaceState(null, '', '/app#section');
    expect(takeKeyFromFragment()).toBeNull();
    expect(location.hash).toBe('#section');
  });
});
