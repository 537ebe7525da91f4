// Draws the extension icon (a green disc with a white pulse line) as PNGs in public/icon/.
// Run: node scripts/make-icons.mjs. Pure Node (zlib), no image tooling needed.
import fs from 'node:fs';
import zlib from 'node:zlib';

function crc32(buf) {
  let c,
    crc = 0xffffffff;
  for (let n = 0; n < buf.length; n++) {
    c = (crc ^ buf[n]) & 0xff;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crc = (crc >>> 8) ^ c;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = r;
      raw[o + 1] = g;
      raw[o + 2] = b;
      raw[o + 3] = a;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
// Pulse polyline in unit coordinates.
const pulse = [
  [0.18, 0.55],
  [0.38, 0.55],
  [0.46, 0.33],
  [0.56, 0.74],
  [0.64, 0.5],
  [0.82, 0.5],
];
function distToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax,
    dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
for (const size of [16, 32, 48, 128]) {
  const ss = 4; // supersampling
  const buf = png(size, (x, y) => {
    let disc = 0,
      line = 0;
    for (let i = 0; i < ss; i++)
      for (let j = 0; j < ss; j++) {
        const u = (x + (i + 0.5) / ss) / size,
          v = (y + (j + 0.5) / ss) / size;
        if (Math.hypot(u - 0.5, v - 0.5) <= 0.48) {
          disc++;
          let d = Infinity;
          for (let k = 0; k < pulse.length - 1; k++) d = Math.min(d, distToSegment(u, v, pulse[k], pulse[k + 1]));
          if (d <= Math.max(0.045, 1.2 / size)) line++;
        }
      }
    const a = disc / (ss * ss),
      l = disc ? line / disc : 0;
    const bg = [4, 120, 87];
    return [
      Math.round(bg[0] + (255 - bg[0]) * l),
      Math.round(bg[1] + (255 - bg[1]) * l),
      Math.round(bg[2] + (255 - bg[2]) * l),
      Math.round(255 * a),
    ];
  });
  fs.writeFileSync(`public/icon/${size}.png`, buf);
}
console.log('icons written to public/icon/');
