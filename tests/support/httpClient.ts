export interface HttpAnswer {
  status: number;
  body: unknown;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: keep the text for the assertion message.
  }
  return { status: response.status, body: parsed };
}

export async function getJson(url: string): Promise<HttpAnswer> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}
