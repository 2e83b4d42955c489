/** jq-web ships no types: its module is a promise of jq compiled to WebAssembly. */
declare module 'jq-web' {
  interface Jq {
    /** Runs `jq <flags> <filter>` over `input` (JSON text); returns stdout, throws with `exitCode` and `stderr`. */
    raw(input: string, filter: string, flags?: string[]): string;
  }
  const jq: Promise<Jq>;
  export default jq;
}
