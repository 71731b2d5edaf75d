import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../../web/dashboard/api/client.js';
import { ApiReferencePage } from '../../../../web/dashboard/api-reference/api-reference-page.js';
import type { OpenApiDocument } from '../../../../web/dashboard/api-reference/openapi-document.js';
import { renderWith, settle } from '../contents/dom.js';

// The reference page over the document the stack serves (docs/openapi.json, as committed).
const document_ = JSON.parse(readFileSync(join(import.meta.dirname, '../../../../docs/openapi.json'), 'utf8')) as OpenApiDocument;

const host = document.body.appendChild(document.createElement('div'));
afterEach(() => render(null, host));

async function show(load: (url: string) => Promise<OpenApiDocument> = async () => document_) {
  renderWith(host, {}, <ApiReferencePage documentUrl="/v1/openapi.json" load={load} />);
  await settle();
}

// What a click on its summary does: the browser opens it and fires `toggle`.
async function open(details: HTMLDetailsElement) {
  act(() => {
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
  });
  await settle();
}

const operation = (method: string, path: string) => {
  const found = [...host.querySelectorAll('article.operation')].find(
    (article) => article.querySelector('.method')?.textContent === method && article.querySelector('.path')?.textContent === path,
  );
  if (!found) throw new Error(`no operation ${method} ${path}`);
  return found as HTMLElement;
};

describe('ApiReferencePage', () => {
  it('loads the document from the URL it is given', async () => {
    const load = vi.fn(async () => document_);
    await show(load);
    expect(load).toHaveBeenCalledWith('/v1/openapi.json');
    expect(host.querySelector('h1')?.textContent).toContain('Ripple API');
  });

  it('shows every operation of the document once, under its tag in the tags\u2019 order', async () => {
    await show();
    const expected = Object.values(document_.paths).reduce((sum, item) => sum + Object.keys(item).length, 0);
    expect(host.querySelectorAll('section.tag:not(#webhooks) article.operation')).toHaveLength(expected);
    const headings = [...host.querySelectorAll('section.tag > h2')].map((heading) => heading.textContent);
    expect(headings).toEqual([...(document_.tags ?? []).map((tag) => tag.name), 'Webhooks Ripple sends']);
    const contents = host.querySelector('#tag-Contents') as HTMLElement;
    expect([...contents.querySelectorAll('article .path')].map((path) => path.textContent)).toContain('/v1/contents/{id}');
  });

  it('shows an operation: its summary, auth, parameters, body fields and examples', async () => {
    await show();
    const create = operation('POST', '/v1/contents');
    expect(create.querySelector('.summary')?.textContent).toBe('Register a content');
    expect(create.querySelector('.auth')?.textContent).toContain('Authorization: Bearer rpl_…');
    expect([...create.querySelectorAll('table.parameters td:first-child code')].map((name) => name.textContent)).toEqual(['Idempotency-Key']);
    const body = [...create.querySelectorAll('.schema-fields .field-name')].map((cell) => cell.textContent);
    expect(body).toEqual(expect.arrayContaining(['url*', 'title', 'campaign', 'refParam', 'kWindowSeconds']));
    expect(create.querySelector('.example pre')?.textContent).toContain('"url": "https://shop.example.com/spring');

    const report = operation('GET', '/v1/contents/{id}/report');
    expect(report.querySelector('.auth')?.textContent).toContain('rshr_…');
    await open(report.querySelector('.answer[data-status="200"]') as HTMLDetailsElement);
    expect([...report.querySelectorAll('.media-type code')].map((type) => type.textContent)).toEqual(['application/json', 'text/csv']);
    expect(report.querySelector('.schema-fields')?.textContent).toContain('kFactor');
    expect(operation('GET', '/{code}').querySelector('.auth')?.textContent).toBe('Public: no key needed.');
  });

  it('lists each answer with its status and, for errors, the error codes', async () => {
    await show();
    const mint = operation('POST', '/v1/contents/{id}/links');
    const statuses = [...mint.querySelectorAll('.answer')].map((answer) => answer.getAttribute('data-status'));
    expect(statuses).toEqual(['201', '400', '401', '404', '409', '410', '413', '500', '503']);
    const badRequest = mint.querySelector('.answer[data-status="400"]') as HTMLDetailsElement;
    expect([...badRequest.querySelectorAll('.error-code')].map((code) => code.textContent)).toEqual(['validation_error', 'invalid_json']);
    expect(badRequest.querySelector('figcaption')).toBeNull(); // made when opened

    await open(badRequest);
    expect([...badRequest.querySelectorAll('figcaption')].map((caption) => caption.textContent)).toEqual(['validation_error', 'invalid_json']);
    expect(badRequest.querySelector('pre')?.textContent).toContain('"code": "validation_error"');
  });

  it('shows the webhooks Ripple sends, with their signature headers', async () => {
    await show();
    const webhooks = host.querySelector('#webhooks') as HTMLElement;
    expect([...webhooks.querySelectorAll('.path')].map((path) => path.textContent)).toEqual(['content.threshold_crossed', 'webhook.test']);
    const parameters = [...webhooks.querySelectorAll('table.parameters td:first-child code')].map((name) => name.textContent);
    expect(parameters).toEqual(expect.arrayContaining(['webhook-id', 'webhook-timestamp', 'webhook-signature']));
  });

  it('says when the document cannot be read, with Retry', async () => {
    await show(async () => {
      throw new ApiError(503, 'unavailable', 'Ripple is briefly unavailable.');
    });
    expect(host.querySelector('[role=alert]')?.textContent).toContain('Ripple is briefly unavailable.');
    expect(host.querySelector('article.operation')).toBeNull();
  });
});
