// `npm run icons`: renders resources/icon.svg into every icon file electron-builder packs.
// Chromium rasterises the SVG afresh at each size (not one big PNG scaled down), so small sizes stay
// sharp; the .ico and .icns containers are plain byte layouts around those PNGs, written here so no
// platform tool (iconutil, ImageMagick) is needed on any machine.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
const RESOURCES = join(ROOT, 'resources');
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
// Windows shows at most 256 px; 256 is stored as 0 in the directory entry.
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// PNG-capable ICNS types (macOS 10.7+). The @2x types reuse the PNG of twice the point size.
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

// Chromium writes PNGs with fast compression; the same pixels deflated at level 9 are a third smaller
// at the large sizes (which the .icns carries twice over).
function recompress(png) {
  const chunks = [];
  const idat = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type !== 'IDAT') chunks.push([type, data]);
    else if (idat.push(data) === 1) chunks.push(['IDAT', null]);
    at += 12 + length;
  }
  const pixels = deflateSync(inflateSync(Buffer.concat(idat)), { level: 9 });
  const out = chunks.map(([type, data]) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data ?? pixels]);
    const chunk = Buffer.alloc(body.length + 8);
    chunk.writeUInt32BE(body.length - 4, 0);
    body.copy(chunk, 4);
    chunk.writeUInt32BE(crc32(body), body.length + 4);
    return chunk;
  });
  const smaller = Buffer.concat([png.subarray(0, 8), ...out]);
  return smaller.length < png.length ? smaller : png;
}

async function renderPngs(svg) {
  const browser = await chromium.launch({
    executablePath: process.env.ROTOR_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--headless'],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    const pngs = new Map();
    for (const size of PNG_SIZES) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<html><body style="margin:0;background:transparent">` +
          `<img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`,
      );
      await page.locator('img').evaluate((img) => img.decode());
      const shot = await page.screenshot({
        omitBackground: true,
        clip: { x: 0, y: 0, width: size, height: size },
      });
      pngs.set(size, recompress(shot));
    }
    return pngs;
  } finally {
    await browser.close();
  }
}

function ico(pngs) {
  const header = Buffer.alloc(6 + 16 * ICO_SIZES.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon (2 would be a cursor)
  header.writeUInt16LE(ICO_SIZES.length, 4);
  let offset = header.length;
  ICO_SIZES.forEach((size, i) => {
    const png = pngs.get(size);
    const entry = 6 + 16 * i;
    header.writeUInt8(size % 256, entry);
    header.writeUInt8(size % 256, entry + 1);
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...ICO_SIZES.map((size) => pngs.get(size))]);
}

function icns(pngs) {
  const chunks = ICNS_TYPES.map(([type, size]) => {
    const png = pngs.get(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(8 + png.length, 4); // a chunk's length counts its own header
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + chunks.reduce((n, chunk) => n + chunk.length, 0), 4);
  return Buffer.concat([head, ...chunks]);
}

const pngs = await renderPngs(readFileSync(join(RESOURCES, 'icon.svg'), 'utf8'));
mkdirSync(join(RESOURCES, 'icons'), { recursive: true });
for (const [size, png] of pngs) writeFileSync(join(RESOURCES, 'icons', `${size}x${size}.png`), png);
writeFileSync(join(RESOURCES, 'icon.png'), pngs.get(1024));
writeFileSync(join(RESOURCES, 'icon.ico'), ico(pngs));
writeFileSync(join(RESOURCES, 'icon.icns'), icns(pngs));
console.log(
  `icons: ${PNG_SIZES.length} PNGs, icon.ico (${ICO_SIZES.join(', ')}), icon.icns (${ICNS_TYPES.length} chunks)`,
);
