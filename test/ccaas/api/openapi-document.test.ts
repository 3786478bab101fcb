import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { loadOpenApiDocument } from '../../../src/ccaas/api/openapi.js';
import { createOpenApiChecker } from '../../support/http/openapi-check.js';

describe('openapi/ccaas.json', () => {
  it('is a valid OpenAPI 3.1 document (the official schema, with JSON Schema 2020-12 dialect)', async () => {
    const validator = new Validator();
    const result = await validator.validate(loadOpenApiDocument());
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('compiles every response and webhook schema', () => {
    const { doc, validateComponent } = createOpenApiChecker();
    for (const name of Object.keys(doc.components.schemas))
      expect(validateComponent(name, {})).not.toContain(`no component ${name}`);
    // Sanity: the schemas are strict where the API promises shapes.
    expect(validateComponent('HostPort', { host: 'sip.example.com', port: 5090 })).toEqual([]);
    expect(validateComponent('HostPort', { host: 'sip.example.com', port: 0 })).not.toEqual([]);
    expect(validateComponent('ApiAuthStatus', { state: 'authenticated', text: 'x' })).not.toEqual([]);
    expect(
      validateComponent('AcoAccessToken', {
        tenant: 't',
        accessToken: 'a',
        tokenType: 'bearer',
        expiresAt: '2026-01-01T00:00:00Z',
        expiresIn: 1,
        refreshToken: 'r',
      }),
    ).not.toEqual([]);
  });
});
