import sharp from 'sharp';
import { invalid } from '../../platform/errors.js';
import { bodyMessages as M } from './messages.js';

/** Upload cap (the request body); 413 beyond it. A phone photo is 2–8 MB. */
export const MAX_PHOTO_UPLOAD_BYTES = 12 * 1024 * 1024;
/** Decoding bound: a 50-megapixel image at most, so a tiny "decompression bomb" cannot take gigabytes. */
const MAX_INPUT_PIXELS = 50_000_000;
/** Stored size: long side at most 2,048 px, JPEG quality 82 — enough to compare shapes over months. */
const MAX_SIDE = 2048;
const FORMATS = new Set(['jpeg', 'png', 'webp', 'heif', 'avif']);

export interface CleanPhoto {
  jpeg: Buffer;
  width: number;
  height: number;
}

/**
 * Reads an uploaded image and writes a new JPEG from its pixels only. sharp (libvips) writes no metadata unless
 * asked (`keepMetadata`/`withMetadata`), so EXIF — GPS position, camera serial, time — XMP, IPTC and ICC profiles
 * are gone; the EXIF orientation is applied to the pixels first (`rotate()`), so the photo still stands upright.
 * Anything that is not a raster photo format (SVG, GIF, PDF, text) is refused with a 422 on `body`. sharp decodes
 * on libuv's thread pool, not on the event loop.
 */
export async function cleanPhoto(input: Buffer): Promise<CleanPhoto> {
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS }).metadata()).format;
  } catch {
    throw invalid('body', M.msg('photo.unreadable'));
  }
  if (!format || !FORMATS.has(format))
    throw invalid('body', M.msg('photo.format_refused', { format: format ?? 'unknown' }));
  try {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: false })
      .toBuffer({ resolveWithObject: true });
    return { jpeg: data, width: info.width, height: info.height };
  } catch (e) {
    throw invalid('body', M.msg('photo.undecodable', { error: (e as Error).message }));
  }
}
