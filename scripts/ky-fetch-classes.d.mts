export declare function withFetchClasses(source: string): string;
export declare const esbuildKyFetchClasses: { name: string; setup(build: unknown): void };
export declare const viteKyFetchClasses: { name: string; transform(code: string, id: string): { code: string; map: null } | undefined };
