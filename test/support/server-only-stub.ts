// `server-only` throws when imported outside a React Server Components bundle; in tests the code
// runs in plain Node, so the import is aliased here.
export {};
