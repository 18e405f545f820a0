// Raw, gzip (level 9) and brotli (quality 11) bytes of a file's contents: the one definition of
// "size" for the widget's size report and the benchmark's bundle comparison.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** @param {Uint8Array} bytes */
export function compressedSizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}
