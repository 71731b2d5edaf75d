import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS typed as an ES module: its function is the `default` export's own `default`.
const jsQR = jsQRModule.default;

// Reading Ripple's QR codes back in tests, as a phone's camera would: the image is turned into
// RGBA pixels and handed to jsQR, a QR reader in plain JavaScript.

const PIXELS_PER_MODULE = 8;

/** The dark modules of a QR SVG as a matrix (rows of columns), the quiet zone included. */
export function svgModules(svg: string): boolean[][] {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const path = /<path[^>]*\bstroke="#000000"[^>]*\bd="([^"]+)"/.exec(svg)?.[1];
  if (!Number.isInteger(size) || path === undefined) throw new Error('Not a QR SVG of dark strokes on a square viewBox');
  const dark = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  // The code is one path of horizontal strokes, one module tall, drawn through the middle of each
  // row: M x y (absolute), m dx dy (relative), h n (a run of n dark modules).
  let x = 0;
  let y = 0;
  for (const [, command, args] of path.matchAll(/([MmHh])([^MmHh]+)/g)) {
    const [a = 0, b = 0] = (args ?? '')
      .trim()
      .split(/[\s,]+/)
      .map(Number);
    if (command === 'M') [x, y] = [a, b];
    else if (command === 'm') [x, y] = [x + a, y + b];
    else if (command === 'h') {
      for (let column = x; column < x + a; column++) dark[Math.floor(y)]![column] = true;
      x += a;
    } else throw new Error(`Unexpected path command ${command}`);
  }
  return dark;
}

/** The text a QR SVG encodes, or null when no code can be read from it. */
export function decodeQrSvg(svg: string): string | null {
  const modules = svgModules(svg);
  const size = modules.length * PIXELS_PER_MODULE;
  const pixels = new Uint8ClampedArray(size * size * 4).fill(255);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      if (!modules[Math.floor(row / PIXELS_PER_MODULE)]![Math.floor(column / PIXELS_PER_MODULE)]) continue;
      pixels.fill(0, (row * size + column) * 4, (row * size + column) * 4 + 3);
    }
  }
  return jsQR(pixels, size, size, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

/** The text a QR PNG encodes, or null when no code can be read from it. */
export function decodeQrPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}
