/** A response with its parsed JSON body. */
export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * A browser-like API client: keeps the session cookie, sends the web app's Origin on writes,
 * or an API key as a Bearer token.
 */
export class ApiClient {
  readonly baseUrl: string;
  cookie: string | null = null;
  bearer: string | null = null;
  origin = 'http://127.0.0.1:3000';

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  /** A client that authenticates with an API key only. */
  static withApiKey(baseUrl: string, key: string): ApiClient {
    const client = new ApiClient(baseUrl);
    client.bearer = key;
    return client;
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const sent: Record<string, string> = { ...headers };
    if (body !== undefined) sent['content-type'] ??= 'application/json';
    if (this.cookie) sent.cookie = this.cookie;
    if (this.bearer) sent.authorization = `Bearer ${this.bearer}`;
    if (method !== 'GET' && this.origin && !('origin' in headers)) sent.origin = this.origin;
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: sent,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      redirect: 'manual',
    });
    const setCookie = response.headers.getSetCookie().find((cookie) => cookie.startsWith('vantage_session='));
    if (setCookie) {
      const value = setCookie.split(';')[0]!;
      this.cookie = value === 'vantage_session=' ? null : value;
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body: unknown = {}) {
    return this.request<T>('POST', path, body);
  }
  patch<T = any>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  put<T = any>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body);
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

let counter = 0;

/** Registers a new account (its own organization) and returns a signed-in client. */
export async function registerUser(
  baseUrl: string,
  options: { email?: string; organizationName?: string; password?: string } = {},
): Promise<{ client: ApiClient; email: string; password: string; orgSlug: string; userId: string }> {
  counter += 1;
  const email = options.email ?? `user${counter}-${process.pid}-${Date.now()}@example.com`;
  const password = options.password ?? 'correct horse battery';
  const client = new ApiClient(baseUrl);
  const response = await client.post('/auth/register', {
    email,
    password,
    organizationName: options.organizationName ?? `Org ${counter} ${Date.now()}`,
  });
  if (response.status !== 201)
    throw new Error(`register failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { client, email, password, orgSlug: response.body.organization.slug, userId: response.body.user.id };
}
