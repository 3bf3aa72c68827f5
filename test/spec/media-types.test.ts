import { describe, expect, it } from 'vitest';
import { mustMediaType, ONTAP_MEDIA_TYPES } from '../../src/checks/expect.ts';
import { CheckFailure } from '../../src/checks/model.ts';
import type { OntapResponse } from '../../src/client/ontap-client.ts';
import { loadSpec } from '../../src/spec/index.ts';

const spec = await loadSpec();

/** The media types of every response the spec declares (the 200s and the shared error response). */
function responseMediaTypes(): Set<string> {
  const types = new Set<string>();
  for (const item of Object.values(spec.document.paths)) {
    for (const operation of Object.values(item ?? {})) {
      const responses = (operation as { responses?: Record<string, { content?: Record<string, unknown> }> })?.responses ?? {};
      for (const response of Object.values(responses)) for (const type of Object.keys(response.content ?? {})) types.add(type);
    }
  }
  return types;
}

const answer = (contentType: string | undefined): OntapResponse => ({
  status: 200, headers: contentType === undefined ? {} : { 'content-type': contentType }, text: '{}', json: {}, method: 'GET', url: 'http://h/api/x', curl: 'curl',
});

describe('the media type of every answer is checked against the spec', () => {
  it('the checks accept exactly the media types the spec declares', () => {
    expect([...responseMediaTypes()].sort()).toEqual([...ONTAP_MEDIA_TYPES].sort());
  });

  it('accepts both JSON types with parameters, in any case; rejects anything else', () => {
    for (const ok of ['application/hal+json', 'application/json', 'application/json; charset=utf-8', 'Application/HAL+JSON;charset=UTF-8']) {
      expect(() => mustMediaType(answer(ok)), ok).not.toThrow();
    }
    for (const bad of ['text/html', 'text/plain; charset=utf-8', 'application/xml', 'application/jsonp', '', undefined]) {
      expect(() => mustMediaType(answer(bad)), String(bad)).toThrow(CheckFailure);
    }
  });
});
