import { readFileSync } from 'node:fs';

// From src/ccaas/api/ and from dist/ccaas/api/ alike: the repository's openapi/ folder.
const OPENAPI_FILE = new URL('../../../openapi/ccaas.json', import.meta.url);

/** The OpenAPI 3.1 document of the CCaaS API and webhook, as kept in openapi/ccaas.json. */
export const loadOpenApiDocument = (): Record<string, unknown> => JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
