import { expect } from 'vitest';

/** Checks a response is the API's JSON error envelope with this status and code; returns its `data`. */
export async function expectError(res: Response, status: number, code: string): Promise<Record<string, unknown>> {
  const text = await res.text();
  expect({ status: res.status, body: text }).toMatchObject({ status });
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const body = JSON.parse(text) as { error: { code: string; message: string; data: Record<string, unknown> } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(typeof body.error.data).toBe('object');
  return body.error.data;
}
