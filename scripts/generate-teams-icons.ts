/**
 * Draws the Teams app icons with pngjs: `color.png` (192×192, full colour) and `outline.png` (32×32,
 * white on transparent, as Teams requires). The glyph is two linked rings, "connect". Run with
 * `npx tsx scripts/generate-teams-icons.ts`; the PNGs are committed, so this runs only to change them.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

type Rgb = [number, number, number];

/** Avaya red, also the manifest's accentColor. */
export const ACCENT: Rgb = [0xc8, 0x10, 0x2e];
const WHITE: Rgb = [255, 255, 255];

interface Glyph {
  /** Ring centres and radius in units of the icon size. */
  rings: { cx: number; cy: number }[];
  radius: number;
  stroke: number;
}

function insideGlyph(g: Glyph, x: number, y: number): boolean {
  return g.rings.some(({ cx, cy }) => Math.abs(Math.hypot(x - cx, y - cy) - g.radius) <= g.stroke / 2);
}

/** Fraction of a pixel the glyph covers, 4×4 supersampled so edges are smooth at 32 px. */
function coverage(g: Glyph, size: number, px: number, py: number): number {
  const n = 4;
  let hit = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (insideGlyph(g, (px + (i + 0.5) / n) / size, (py + (j + 0.5) / n) / size)) hit++;
    }
  }
  return hit / (n * n);
}

function draw(size: number, g: Glyph, background: Rgb | null): Buffer {
  const png = new PNG({ width: size, height: size, colorType: 6 });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = coverage(g, size, x, y);
      const i = (y * size + x) * 4;
      if (background) {
        // Opaque: white glyph blended over the accent colour.
        for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(background[c]! * (1 - a) + WHITE[c]! * a);
        png.data[i + 3] = 255;
      } else {
        // Outline icon: pure white, shape carried by alpha alone.
        png.data[i] = png.data[i + 1] = png.data[i + 2] = 255;
        png.data[i + 3] = Math.round(a * 255);
      }
    }
  }
  return PNG.sync.write(png, { colorType: 6 });
}

export function colorIcon(): Buffer {
  return draw(
    192,
    {
      rings: [
        { cx: 0.38, cy: 0.5 },
        { cx: 0.62, cy: 0.5 },
      ],
      radius: 0.2,
      stroke: 0.075,
    },
    ACCENT,
  );
}

export function outlineIcon(): Buffer {
  // Thicker strokes and a little padding: at 32 px a thin ring disappears.
  return draw(
    32,
    {
      rings: [
        { cx: 0.37, cy: 0.5 },
        { cx: 0.63, cy: 0.5 },
      ],
      radius: 0.25,
      stroke: 0.13,
    },
    null,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = new URL('../manifests/teams/', import.meta.url);
  writeFileSync(new URL('color.png', dir), colorIcon());
  writeFileSync(new URL('outline.png', dir), outlineIcon());
  process.stdout.write('wrote manifests/teams/color.png and outline.png\n');
}
