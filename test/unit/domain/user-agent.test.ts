import { describe, expect, it } from 'vitest';
import { deviceClass, isBotRequest } from '../../../shared/domain/user-agent.js';

const UA = {
  desktopChrome: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  macSafari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
  linuxFirefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  iPhoneSafari: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  androidChrome: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.230 Mobile Safari/537.36',
  facebookInAppIos:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/442.0.0.38.109;FBBV/548311281;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/0]',
  facebookInAppAndroid:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/UQ1A.240105.004; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.230 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/447.0.0.34.109;]',
  instagramInApp:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 309.0.0.28.112 (iPhone15,2; iOS 17_1; en_US; en; scale=3.00; 1179x2556; 541635863)',
  linkedInInApp: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.7540',
  twitterInApp: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Twitter for iPhone/10.20',
  tiktokInApp:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_32.5.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US WKWebView/1 BytedanceWebview/d8a21c6',
  snapchatInApp:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Snapchat/12.60.0.41 (like Safari/8617.2.4.10.8, panda)',
  wechatInApp:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44(0x18002c2d) NetType/WIFI Language/en',
  chromeIos: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1',
  kindleFire: 'Mozilla/5.0 (Linux; Android 9; KFMAWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/120.3.1 like Chrome/120.0.6099.230 Safari/537.36',
  iPad: 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1',
  androidTablet: 'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
};

const LINK_PREVIEW_AGENTS: [string, string][] = [
  ['Slackbot-LinkExpanding', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
  ['Slack-ImgProxy', 'Slack-ImgProxy (+https://api.slack.com/robots)'],
  ['Twitterbot', 'Twitterbot/1.0'],
  ['facebookexternalhit', 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'],
  [
    'iMessage preview',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
  ],
  ['LinkedInBot', 'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)'],
  ['WhatsApp', 'WhatsApp/2.23.20.0 A'],
  ['Discordbot', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)'],
  ['TelegramBot', 'TelegramBot (like TwitterBot)'],
  ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
  ['curl', 'curl/8.4.0'],
  ['Skype/Teams preview', 'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5'],
  ['redditbot', 'Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)'],
  ['Mastodon preview', 'http.rb/5.1.1 (Mastodon/4.2.1; +https://mastodon.social/)'],
  [
    'Applebot',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
  ],
  ['python-requests', 'python-requests/2.31.0'],
  ['Go http client', 'Go-http-client/1.1'],
];

describe('isBotRequest', () => {
  it('treats any HEAD request as a bot, even from a real browser, in any letter case', () => {
    expect(isBotRequest('HEAD', UA.desktopChrome)).toBe(true);
    expect(isBotRequest('head', UA.iPhoneSafari)).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['blank', '   '],
  ])('treats a %s user agent as a bot', (_label, userAgent) => {
    expect(isBotRequest('GET', userAgent)).toBe(true);
  });

  it.each(LINK_PREVIEW_AGENTS)('treats the %s fetcher as a bot', (_name, userAgent) => {
    expect(isBotRequest('GET', userAgent)).toBe(true);
  });

  it.each([
    ['desktop Chrome', UA.desktopChrome],
    ['macOS Safari', UA.macSafari],
    ['Linux Firefox', UA.linuxFirefox],
    ['iPhone Safari', UA.iPhoneSafari],
    ['Android Chrome', UA.androidChrome],
    ['Facebook in-app browser (iOS)', UA.facebookInAppIos],
    ['Facebook in-app browser (Android)', UA.facebookInAppAndroid],
    ['Instagram in-app browser', UA.instagramInApp],
    ['LinkedIn in-app browser', UA.linkedInInApp],
    ['X/Twitter in-app browser', UA.twitterInApp],
    ['TikTok in-app browser', UA.tiktokInApp],
    ['Snapchat in-app browser', UA.snapchatInApp],
    ['WeChat in-app browser', UA.wechatInApp],
    ['Chrome on iOS', UA.chromeIos],
  ])('treats a GET from %s as human', (_name, userAgent) => {
    expect(isBotRequest('GET', userAgent)).toBe(false);
  });
});

describe('deviceClass', () => {
  it.each([
    ['desktop', UA.desktopChrome],
    ['desktop', UA.macSafari],
    ['desktop', UA.linuxFirefox],
    ['mobile', UA.iPhoneSafari],
    ['mobile', UA.androidChrome],
    ['mobile', UA.facebookInAppAndroid],
    ['mobile', UA.instagramInApp],
    ['tablet', UA.iPad],
    ['tablet', UA.androidTablet],
    ['tablet', UA.kindleFire],
  ] as const)('classifies as %s: %s', (expected, userAgent) => {
    expect(deviceClass(userAgent)).toBe(expected);
  });

  it('is unknown without a user agent', () => {
    expect(deviceClass(undefined)).toBe('unknown');
    expect(deviceClass('')).toBe('unknown');
  });
});
