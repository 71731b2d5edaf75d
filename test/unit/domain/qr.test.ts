import QRCode from 'qrcode';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { arrivalChannel } from '../../../shared/domain/arrival-channel.js';
import { qrPng, qrSvg, qrTarget } from '../../../shared/domain/qr.js';
import { decodeQrPng, decodeQrSvg, svgModules } from '../../support/qr.js';

const TARGET = 'https://rpl.example/AbCdEf1234?via=qr';

describe('qrTarget', () => {
  it("is the link's short URL with the qr arrival marker", () => {
    const target = qrTarget('https://rpl.example', 'AbCdEf1234');

    expect(target).toBe(TARGET);
    expect(arrivalChannel(new URL(target).searchParams.get('via'))).toBe('qr');
  });

  it('keeps a stage path in the base URL', () => {
    expect(qrTarget('https://abc.execute-api.eu-west-1.amazonaws.com/prod', 'AbCdEf1234')).toBe(
      'https://abc.execute-api.eu-west-1.amazonaws.com/prod/AbCdEf1234?via=qr',
    );
  });
});

describe('qrSvg', () => {
  it('is a standalone SVG that a QR reader decodes back to the text', async () => {
    const svg = await qrSvg(TARGET);

    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).not.toMatch(/<script|href=/);
    expect(decodeQrSvg(svg)).toBe(TARGET);
  });

  it('draws exactly the modules of the level-M symbol, inside a quiet zone of 4 modules', async () => {
    const symbol = QRCode.create(TARGET, { errorCorrectionLevel: 'M' }).modules;
    const expected = Array.from({ length: symbol.size + 8 }, (_, row) =>
      Array.from({ length: symbol.size + 8 }, (_, column) => {
        const [r, c] = [row - 4, column - 4];
        return r >= 0 && c >= 0 && r < symbol.size && c < symbol.size && symbol.get(r, c) === 1;
      }),
    );

    expect(svgModules(await qrSvg(TARGET))).toEqual(expected);
  });
});

describe('qrPng', () => {
  it('is a PNG of 8 pixels per module, quiet zone included, that decodes back to the text', async () => {
    const png = await qrPng(TARGET);
    const { size } = QRCode.create(TARGET, { errorCorrectionLevel: 'M' }).modules;

    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(PNG.sync.read(png).width).toBe((size + 8) * 8);
    expect(decodeQrPng(png)).toBe(TARGET);
  });
});
