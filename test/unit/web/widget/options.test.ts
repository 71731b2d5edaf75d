import { describe, expect, it } from 'vitest';
import { apiBase, channelsToShow, DEFAULT_CHANNELS } from '../../../../web/widget/options.js';

describe('the channels shown', () => {
  it('are all of them by default, native share first where the browser has it', () => {
    expect(channelsToShow(null, true)).toEqual(DEFAULT_CHANNELS);
    expect(channelsToShow(null, true)[0]).toBe('native');
    expect(channelsToShow(null, false)).toEqual(DEFAULT_CHANNELS.filter((channel) => channel !== 'native'));
  });

  it('follow the order the channels attribute lists, each once, unknown names dropped', () => {
    expect(channelsToShow(' copy, WhatsApp,myspace,x,copy ', true)).toEqual(['copy', 'whatsapp', 'x']);
  });

  it('leave native share out where the browser has none', () => {
    expect(channelsToShow('native,email', false)).toEqual(['email']);
  });

  it('fall back to the default set when the attribute names none it knows', () => {
    expect(channelsToShow('myspace', false)).toEqual(channelsToShow(null, false));
  });
});

describe("Ripple's base URL", () => {
  it('is where the script came from', () => {
    expect(apiBase(null, 'https://ripple.example/app/share.js')).toBe('https://ripple.example');
  });

  it("keeps an API Gateway stage's path", () => {
    expect(apiBase(null, 'https://abc.execute-api.eu-west-1.amazonaws.com/prod/app/share.js')).toBe('https://abc.execute-api.eu-west-1.amazonaws.com/prod');
  });

  it('is the origin of a copy served under another name', () => {
    expect(apiBase(null, 'https://cdn.example/js/ripple.js?v=2')).toBe('https://cdn.example');
  });

  it('is the api attribute when given, without a trailing slash', () => {
    expect(apiBase('https://links.example/', 'https://ripple.example/app/share.js')).toBe('https://links.example');
  });

  it('is unknown without either', () => {
    expect(apiBase(null, null)).toBeNull();
    expect(apiBase('  ', 'not a url')).toBeNull();
  });
});
