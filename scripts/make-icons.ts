/**
 * Draws the Teams app icons (appPackage/color.png 192×192, appPackage/outline.png 32×32): a
 * lens over rising bars. Run after changing the drawing; the PNGs are committed.
 *
 *   npx tsx scripts/make-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { encodePng } from './app-package/png.ts';

type Shape = (x: number, y: number) => boolean;

/** The motif in unit coordinates (0..1): a lens ring with a handle, rising bars inside it. */
function motif(stroke: number): Shape {
  const [cx, cy, r] = [0.42, 0.42, 0.27];
  const bars: [number, number, number][] = [
    [0.26, 0.35, 0.48],
    [0.375, 0.465, 0.38],
    [0.49, 0.58, 0.27],
  ];
  return (x, y) => {
    const d = Math.hypot(x - cx, y - cy);
    const ring = Math.abs(d - r) <= stroke / 2;
    // The handle: a thick segment leaving the ring towards the bottom right.
    const along = (x - cx + (y - cy)) / Math.SQRT2;
    const across = Math.abs(x - cx - (y - cy)) / Math.SQRT2;
    const handle = along >= r && along <= r + 0.26 && across <= stroke * 0.8;
    const inBar = bars.some(([left, right, top]) => x >= left && x <= right && y >= top && y <= 0.56);
    return ring || handle || (inBar && d < r - stroke);
  };
}

/** Renders with 4×4 supersampling so edges are smooth at 32 pixels too. */
function render(size: number, background: (x: number, y: number) => [number, number, number, number] | null, shape: Shape, ink: [number, number, number]): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          if (shape((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size)) covered++;
        }
      }
      const a = covered / (samples * samples);
      const bg = background(px / size, py / size);
      const o = (py * size + px) * 4;
      if (bg) {
        for (let c = 0; c < 3; c++) pixels[o + c] = Math.round(bg[c] * (1 - a) + ink[c] * a);
        pixels[o + 3] = bg[3];
      } else {
        pixels.set([...ink, Math.round(a * 255)], o);
      }
    }
  }
  return pixels;
}

/** Teams' color icon: full bleed colour; the platform rounds the corners itself. */
const colorBackground = (x: number, y: number): [number, number, number, number] => {
  const t = (x + y) / 2;
  return [Math.round(15 + 20 * t), Math.round(108 - 30 * t), Math.round(189 - 40 * t), 255];
};

const out = (name: string) => fileURLToPath(new URL(`../appPackage/${name}`, import.meta.url));
writeFileSync(out('color.png'), encodePng(192, 192, render(192, colorBackground, motif(0.07), [255, 255, 255])));
// Outline: white on transparent, as the Teams guidelines ask.
writeFileSync(out('outline.png'), encodePng(32, 32, render(32, () => null, motif(0.1), [255, 255, 255])));
process.stdout.write('wrote appPackage/color.png and appPackage/outline.png\n');
