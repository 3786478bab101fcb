import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadOpenApiDocument } from '../../../src/ccaas/api/openapi.js';

const DOC_ID = 'https://aco-connect.invalid/openapi/ccaas.json';
const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * Checks live responses against openapi/ccaas.json: the status must be documented for the operation, the
 * content type must match, the body must validate against the documented schema (JSON Schema 2020-12, as
 * OpenAPI 3.1 uses), and documented headers with a `const` must carry it.
 */
export function createOpenApiChecker() {
  const doc = loadOpenApiDocument() as any;
  // The document is not a schema itself; strict off lets Ajv ignore its OpenAPI-only keywords.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ ...doc, $id: DOC_ID });

  return {
    doc,
    async check(path: string, method: string, res: Response): Promise<{ body: any; errors: string[] }> {
      const errors: string[] = [];
      const text = await res.text();
      const op = doc.paths?.[path]?.[method.toLowerCase()];
      if (!op) return { body: text, errors: [`${method} ${path} is not in the document`] };
      const response = op.responses[String(res.status)];
      if (!response) return { body: text, errors: [`status ${res.status} is not documented for ${method} ${path}`] };
      const contentType = (res.headers.get('content-type') ?? '').split(';')[0].trim();
      const media = response.content?.[contentType];
      if (!media) errors.push(`content type ${contentType} is not documented for ${res.status}`);
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {
        errors.push('body is not JSON');
      }
      if (media?.schema) {
        const ref = `${DOC_ID}#/${pointer('paths', path, method.toLowerCase(), 'responses', String(res.status), 'content', contentType, 'schema')}`;
        const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
        if (!validate(body)) errors.push(...(validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message}`));
      }
      for (const [name, header] of Object.entries<any>(response.headers ?? {})) {
        const h = header.$ref ? doc.components.headers[header.$ref.split('/').pop()] : header;
        const value = res.headers.get(name);
        if (value === null) errors.push(`header ${name} missing`);
        else if (h.schema?.const !== undefined && value !== h.schema.const)
          errors.push(`header ${name} is ${value}, not ${h.schema.const}`);
      }
      return { body, errors };
    },
    /** Validates a value against a named component schema (webhook bodies). */
    validateComponent(name: string, value: unknown): string[] {
      const validate = ajv.getSchema(`${DOC_ID}#/components/schemas/${name}`);
      if (!validate) return [`no component ${name}`];
      return validate(value) ? [] : (validate.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message}`);
    },
  };
}
