import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app/start-app.js';

describe('the privacy and terms pages the Teams package links to', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it.each([
    ['/privacy', 'Privacy statement', 'encrypted at rest'],
    ['/terms', 'Terms of use', 'provided as is'],
  ])('%s answers a real page', async (route, title, phrase) => {
    const res = await fetch(`${t.url}${route}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain(`<h1>aco-connect: ${title}</h1>`);
    expect(html).toContain(phrase);
  });
});
