export declare function compressedSizes(bytes: Uint8Array): {
  raw: number;
  gzip: number;
  brotli: number;
};
