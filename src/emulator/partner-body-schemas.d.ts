/** Request-body schemas derived from @epilot/partner-directory-client's types at build time (scripts/partner-body-schemas.mjs). */
declare module 'virtual:partner-body-schemas' {
  const schemas: { definitions: Record<string, unknown> };
  export default schemas;
}
