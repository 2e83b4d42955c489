export declare const PARTNER_BODY_SCHEMAS: string;
export declare function partnerBodySchemas(): { definitions: Record<string, unknown> };
export declare const esbuildPartnerSchemas: { name: string; setup(build: unknown): void };
export declare const vitePartnerSchemas: { name: string; resolveId(id: string): string | undefined; load(id: string): string | undefined };
