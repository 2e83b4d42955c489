declare const __EPI_VERSION__: string;

/** Set at build time by esbuild and in tests by vitest's `define`. */
export const VERSION: string = __EPI_VERSION__;
