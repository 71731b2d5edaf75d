import { describe, expect, it } from 'vitest';
import { SHARE_CHANNELS } from '../../../../shared/domain/arrival-channel.js';
import { markedUrl, qrImageUrl, shareTarget } from '../../../../web/widget/share-urls.js';

const LINK = 'https://ripple.example/Ch1ldC0de9';

describe('the URL each button hands out', () => {
  it('is the link with the channel it goes out through as its via marker', () => {
    for (const channel of SHARE_CHANNELS) expect(markedUrl(LINK, channel)).toBe(`${LINK}?via=${channel}`);
  });

  it('keeps a stage path and replaces any marker the link already had', () => {
    expect(markedUrl('https://abc.execute-api.eu-west-1.amazonaws.com/prod/Ch1ldC0de9?via=x', 'copy')).toBe(
      'https://abc.execute-api.eu-west-1.amazonaws.com/prod/Ch1ldC0de9?via=copy',
    );
  });
});

describe("each network's share page", () => {
  const url = markedUrl(LINK, 'x');
  const text = 'Read this & share';
  const params = (target: string | null) => Object.fromEntries(new URL(target ?? 'about:blank').searchParams);

  it('posts to X with the link and the text', () => {
    const target = shareTarget('x', url, text);
    expect(target).toMatch(/^https:\/\/twitter\.com\/intent\/tweet\?/);
    expect(params(target)).toEqual({ url, text });
  });

  it('shares to Facebook, LinkedIn and Telegram with the link', () => {
    expect(shareTarget('facebook', url, text)).toMatch(/^https:\/\/www\.facebook\.com\/sharer\/sharer\.php\?/);
    expect(params(shareTarget('facebook', url, text))).toEqual({ u: url });
    expect(shareTarget('linkedin', url, text)).toMatch(/^https:\/\/www\.linkedin\.com\/sharing\/share-offsite\/\?/);
    expect(params(shareTarget('linkedin', url, text))).toEqual({ url });
    expect(shareTarget('telegram', url, text)).toMatch(/^https:\/\/t\.me\/share\/url\?/);
    expect(params(shareTarget('telegram', url, text))).toEqual({ url, text });
  });

  it('sends WhatsApp one message: the text, then the link', () => {
    expect(shareTarget('whatsapp', url, text)).toMatch(/^https:\/\/wa\.me\/\?/);
    expect(params(shareTarget('whatsapp', url, text))).toEqual({ text: `${text} ${url}` });
    expect(params(shareTarget('whatsapp', url, ''))).toEqual({ text: url });
  });

  it('opens a mail with the text as subject and the link in the body, spaces as %20', () => {
    const target = shareTarget('email', url, text) ?? '';
    expect(target.startsWith('mailto:?subject=Read%20this%20%26%20share&body=')).toBe(true);
    expect(decodeURIComponent(target.slice(target.indexOf('&body=') + 6))).toBe(`${text}\n\n${url}`);
  });

  it('is none for the buttons the widget handles itself', () => {
    for (const channel of ['native', 'copy', 'qr'] as const) expect(shareTarget(channel, url, text)).toBeNull();
  });

  it("shows a link's QR code from Ripple", () => {
    expect(qrImageUrl('https://ripple.example/prod', 'Ch1ldC0de9')).toBe('https://ripple.example/prod/v1/links/Ch1ldC0de9/qr.svg');
  });
});
