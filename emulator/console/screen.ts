import type { Clock } from '../clock.ts';
import { CELL_HEIGHT, CELL_WIDTH, GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './font.ts';

/** What the test card says about the resource behind a console. */
export interface ScreenIdentity {
  /** The cloud and service, as the provider names them. */
  title: string;
  /** `server`, `instance` or `session`, in the provider's own word. */
  kind: string;
  id: string;
  name: string;
}

/** Colours of the test card (0xRRGGBB), exported so tests can look for them on a canvas. */
export const COLOURS = {
  background: 0x1c2733,
  label: 0x8fa3b8,
  value: 0xffffff,
  typed: 0x00ff66,
  mark: 0xff2020,
  /** The bars across the top, left to right (75% colour bars). */
  bars: [0xbfbfbf, 0xbfbf00, 0x00bfbf, 0x00bf00, 0xbf00bf, 0xbf0000, 0x0000bf],
} as const;

export const DEFAULT_WIDTH = 1024;
export const DEFAULT_HEIGHT = 768;
/** The largest desktop a client may ask for with SetDesktopSize (a 4K monitor). */
export const MAX_DIMENSION = 4096;
export const MIN_DIMENSION = 64;
/** Typed text kept (characters), and pointer marks kept: enough for any test, bounded for any client. */
const MAX_TYPED = 4000;
const MAX_MARKS = 2000;

/** The side of the square tiles changes are tracked in (the last column and row may be narrower). */
export const TILE = 64;

/** A rectangle of the screen, in pixels. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * The screen as last drawn, what viewers encode from. A new object whenever anything on it changed, so what is
 * encoded from one frame can be kept with it and shared. Its arrays are the screen's own: read them, right away.
 */
export interface Frame {
  readonly width: number;
  readonly height: number;
  /** Each pixel as an index into `palette`, row-major: the card draws with a handful of colours. */
  readonly indices: Uint8Array;
  /** The colours (0xRRGGBB) the indices stand for. */
  readonly palette: Uint32Array;
  /** Counts up with every drawing that changed a pixel. */
  readonly version: number;
  /** Tiles across (`ceil(width / TILE)`); tile `t` is at column `t % columns`, row `floor(t / columns)`. */
  readonly columns: number;
  /** The `version` in which each tile last changed. */
  readonly tileVersions: Uint32Array;
}

/** X keysyms the card understands beyond Latin-1 (X11 `keysymdef.h`). */
const XK = { BackSpace: 0xff08, Tab: 0xff09, Return: 0xff0d, KP_Enter: 0xff8d, KP_0: 0xffb0, KP_9: 0xffb9 };

/**
 * The synthetic screen of one resource: a test card naming the provider, the resource and the emulator clock,
 * on which typed keys appear as text and the pointer leaves marks. It belongs to the resource, so every viewer
 * of one instance sees (and types on) the same screen.
 */
export class Screen {
  #width: number;
  #height: number;
  /** What viewers were last shown; the next drawing goes to a scratch buffer and is compared with it. */
  #indices: Uint8Array;
  #palette: number[] = [];
  readonly #paletteIndex = new Map<number, number>();
  #frame: Frame | undefined;
  /** Where `#draw` paints: the scratch buffer while drawing. */
  #canvas: Uint8Array;
  #typed = '';
  #marks: Array<{ x: number; y: number }> = [];
  #pointer: { x: number; y: number; buttons: number } | undefined;
  #shownSecond = Number.NaN;
  #dirty = true;
  readonly #listeners = new Set<() => void>();

  constructor(
    readonly identity: ScreenIdentity,
    private readonly clock: Clock,
    width = DEFAULT_WIDTH,
    height = DEFAULT_HEIGHT,
  ) {
    this.#width = width;
    this.#height = height;
    this.#indices = new Uint8Array(0);
    this.#canvas = this.#indices;
  }

  get width(): number {
    return this.#width;
  }

  get height(): number {
    return this.#height;
  }

  /** What has been typed on this screen so far. */
  get typed(): string {
    return this.#typed;
  }

  get marks(): ReadonlyArray<{ x: number; y: number }> {
    return this.#marks;
  }

  /** The screen as it is now, redrawn first if anything changed, the clock's second included. */
  frame(): Frame {
    const second = Math.floor(this.clock.now() / 1000);
    if (this.#frame === undefined || this.#dirty || second !== this.#shownSecond) {
      this.#shownSecond = second;
      this.#dirty = false;
      this.#render();
    }
    return this.#frame as Frame;
  }

  /** The pixels (0xRRGGBB, row-major), a copy (the dashboard's thumbnails, tests). */
  pixels(): Uint32Array {
    const { indices, palette } = this.frame();
    const out = new Uint32Array(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = palette[indices[i] as number] as number;
    return out;
  }

  /** Calls `listener` whenever the screen changes (input, resize, or the clock ticking over a second). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells viewers when the clock shown is out of date; the hub calls this on its tick. */
  tick(): void {
    if (Math.floor(this.clock.now() / 1000) !== this.#shownSecond) this.#changed();
  }

  key(keysym: number, down: boolean): void {
    if (!down) return;
    let text: string | undefined;
    if (keysym >= 0x20 && keysym <= 0x7e) text = String.fromCharCode(keysym);
    else if (keysym >= 0xa0 && keysym <= 0xff) text = String.fromCharCode(keysym);
    else if (keysym >= XK.KP_0 && keysym <= XK.KP_9) text = String(keysym - XK.KP_0);
    else if (keysym === XK.Return || keysym === XK.KP_Enter) text = '\n';
    else if (keysym === XK.Tab) text = '    ';
    else if (keysym === XK.BackSpace) {
      if (this.#typed.length === 0) return;
      this.#typed = this.#typed.slice(0, -1);
      this.#changed();
      return;
    }
    if (text === undefined) return;
    this.#typed = (this.#typed + text).slice(-MAX_TYPED);
    this.#changed();
  }

  /** A pointer event: with any button held it leaves a mark, joined to the previous one while dragging. */
  pointer(x: number, y: number, buttons: number): void {
    const px = Math.min(Math.max(x, 0), this.#width - 1);
    const py = Math.min(Math.max(y, 0), this.#height - 1);
    const previous = this.#pointer;
    this.#pointer = { x: px, y: py, buttons };
    if (buttons !== 0) {
      if (previous && previous.buttons !== 0) {
        const steps = Math.max(Math.abs(px - previous.x), Math.abs(py - previous.y), 1);
        for (let i = 1; i <= steps; i += 2) {
          this.#marks.push({
            x: Math.round(previous.x + ((px - previous.x) * i) / steps),
            y: Math.round(previous.y + ((py - previous.y) * i) / steps),
          });
        }
      }
      this.#marks.push({ x: px, y: py });
      if (this.#marks.length > MAX_MARKS) this.#marks.splice(0, this.#marks.length - MAX_MARKS);
    }
    this.#changed();
  }

  /** Resizes the desktop (SetDesktopSize); `false` when the size is out of range. */
  resize(width: number, height: number): boolean {
    if (!validDimension(width) || !validDimension(height)) return false;
    if (width === this.#width && height === this.#height) return true;
    this.#width = width;
    this.#height = height;
    this.#changed();
    return true;
  }

  #changed(): void {
    this.#dirty = true;
    for (const listener of [...this.#listeners]) listener();
  }

  // --- Drawing ---

  /**
   * Draws the card into the scratch buffer, then takes over the tiles that differ from what viewers were shown
   * (found by memcmp, row by row) and stamps them with a new version; a new size takes over everything.
   */
  #render(): void {
    const { width, height } = this;
    const size = width * height;
    if (scratch.length < size) scratch = new Uint8Array(size);
    this.#canvas = scratch.subarray(0, size);
    this.#draw();
    const previous = this.#frame;
    const columns = Math.ceil(width / TILE);
    if (previous === undefined || previous.width !== width || previous.height !== height) {
      this.#indices = Uint8Array.from(this.#canvas);
      const version = (previous?.version ?? 0) + 1;
      const tiles = columns * Math.ceil(height / TILE);
      this.#frame = this.#frameOf(version, columns, new Uint32Array(tiles).fill(version));
      return;
    }
    const changed = changedRects(this.#canvas, this.#indices, width, { x: 0, y: 0, w: width, h: height });
    if (changed.length === 0) return;
    const version = previous.version + 1;
    const tileVersions = previous.tileVersions;
    for (const rect of changed) {
      for (let row = rect.y; row < rect.y + rect.h; row++) {
        const start = row * width + rect.x;
        this.#indices.set(this.#canvas.subarray(start, start + rect.w), start);
      }
      const tileRow = (rect.y / TILE) * columns;
      for (let x = rect.x; x < rect.x + rect.w; x += TILE) tileVersions[tileRow + x / TILE] = version;
    }
    this.#frame = this.#frameOf(version, columns, tileVersions);
  }

  #frameOf(version: number, columns: number, tileVersions: Uint32Array): Frame {
    return {
      width: this.#width,
      height: this.#height,
      indices: this.#indices,
      palette: Uint32Array.from(this.#palette),
      version,
      columns,
      tileVersions,
    };
  }

  /** The palette index of a colour, added on first use (the card's colours are a fixed handful). */
  #colour(colour: number): number {
    let index = this.#paletteIndex.get(colour);
    if (index === undefined) {
      index = this.#palette.push(colour) - 1;
      this.#paletteIndex.set(colour, index);
    }
    return index;
  }

  #draw(): void {
    const { width, height } = this;
    this.#canvas.fill(this.#colour(COLOURS.background));
    const barHeight = Math.max(8, Math.floor(height / 8));
    COLOURS.bars.forEach((colour, i) => {
      const x0 = Math.floor((i * width) / COLOURS.bars.length);
      const x1 = Math.floor(((i + 1) * width) / COLOURS.bars.length);
      this.#fill(x0, 0, x1 - x0, barHeight, colour);
    });

    const scale = textScale(width);
    const margin = 4 * scale;
    const line = CELL_HEIGHT * scale;
    let y = barHeight + margin;
    this.#text('console-emulator test card', margin, y, scale + 1, COLOURS.value);
    y += CELL_HEIGHT * (scale + 1);
    const rows: Array<[string, string]> = [
      ['provider', this.identity.title],
      [this.identity.kind, this.identity.id],
      ['name', this.identity.name],
      ['clock', formatClock(this.#shownSecond * 1000)],
      ['desktop', `${width}x${height}`],
      [
        'pointer',
        this.#pointer ? `${this.#pointer.x},${this.#pointer.y} buttons ${this.#pointer.buttons}` : '-',
      ],
    ];
    const labelWidth = 10 * CELL_WIDTH * scale;
    for (const [label, value] of rows) {
      this.#text(label, margin, y, scale, COLOURS.label);
      this.#text(value, margin + labelWidth, y, scale, COLOURS.value);
      y += line;
    }
    y += line / 2;
    this.#text('typed', margin, y, scale, COLOURS.label);
    const typedX = margin + labelWidth;
    const columns = Math.max(1, Math.floor((width - typedX - margin) / (CELL_WIDTH * scale)));
    const visible = Math.max(1, Math.floor((height - y - margin) / line));
    for (const text of wrap(this.#typed, columns).slice(-visible)) {
      this.#text(text, typedX, y, scale, COLOURS.typed);
      y += line;
    }

    const size = 2 * scale;
    for (const mark of this.#marks)
      this.#fill(mark.x - size, mark.y - size, 2 * size + 1, 2 * size + 1, COLOURS.mark);
  }

  #fill(x: number, y: number, w: number, h: number, colour: number): void {
    const x0 = Math.max(0, x);
    const y0 = Math.max(0, y);
    const x1 = Math.min(this.#width, x + w);
    const y1 = Math.min(this.#height, y + h);
    const index = this.#colour(colour);
    for (let row = y0; row < y1; row++)
      this.#canvas.fill(index, row * this.#width + x0, row * this.#width + x1);
  }

  #text(text: string, x: number, y: number, scale: number, colour: number): void {
    let cx = x;
    for (const ch of text) {
      if (cx + GLYPH_WIDTH * scale > this.#width) return;
      const rows = glyph(ch);
      for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
        const bits = rows[gy] ?? 0;
        for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
          if (bits & (1 << (GLYPH_WIDTH - 1 - gx)))
            this.#fill(cx + gx * scale, y + gy * scale, scale, scale, colour);
        }
      }
      cx += CELL_WIDTH * scale;
    }
  }
}

/** Where every screen draws before comparing (one process-wide buffer: drawing is synchronous). */
let scratch = new Uint8Array(0);

/** The tiles of `region` whose pixels differ from what was sent, runs of adjacent tiles in a row merged. */
export function changedRects(
  now: Uint8Array | Uint32Array,
  sent: Uint8Array | Uint32Array,
  stride: number,
  region: Rect,
): Rect[] {
  // Compared as bytes (memcmp): a whole row of the region first, tile by tile only in rows that differ.
  const nowBytes = bytesOf(now);
  const sentBytes = bytesOf(sent);
  const size = now.BYTES_PER_ELEMENT;
  const differs = (from: number, length: number) =>
    nowBytes.compare(sentBytes, from * size, (from + length) * size, from * size, (from + length) * size) !==
    0;
  const columns = Math.ceil(region.w / TILE);
  const dirty = new Uint8Array(columns);
  const rects: Rect[] = [];
  for (let ty = region.y; ty < region.y + region.h; ty += TILE) {
    const h = Math.min(TILE, region.y + region.h - ty);
    dirty.fill(0);
    for (let row = ty; row < ty + h; row++) {
      const start = row * stride + region.x;
      if (!differs(start, region.w)) continue;
      for (let column = 0; column < columns; column++) {
        if (dirty[column] === 0 && differs(start + column * TILE, Math.min(TILE, region.w - column * TILE)))
          dirty[column] = 1;
      }
    }
    let run: Rect | undefined;
    for (let column = 0; column < columns; column++) {
      if (dirty[column] === 0) continue;
      const tx = region.x + column * TILE;
      const w = Math.min(TILE, region.x + region.w - tx);
      if (run && run.x + run.w === tx) run.w += w;
      else {
        run = { x: tx, y: ty, w, h };
        rects.push(run);
      }
    }
  }
  return rects;
}

function bytesOf(pixels: Uint8Array | Uint32Array): Buffer {
  return Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
}

/** Font pixels per glyph pixel: 2 from 800 px wide, so the card stays readable on big and small desktops. */
export function textScale(width: number): number {
  return width >= 800 ? 2 : 1;
}

const validDimension = (n: number) => Number.isInteger(n) && n >= MIN_DIMENSION && n <= MAX_DIMENSION;

/** `2026-01-01 12:00:00 UTC`: the emulator clock, so a test that advances it sees the card follow. */
export function formatClock(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function wrap(text: string, columns: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (paragraph.length === 0) lines.push('');
    for (let i = 0; i < paragraph.length; i += columns) lines.push(paragraph.slice(i, i + columns));
  }
  return lines;
}
