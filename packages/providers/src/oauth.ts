import { ConnectionRevoked, ProviderUnavailable, UnexpectedResponse } from './errors.js';
import { send } from './http.js';

export interface RefreshRequest {
  provider: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  timeoutMs: number;
  /** HTTP Basic (Intuit, Xero) or `client_id`/`client_secret` form fields (Sage, Zoho). */
  clientAuth: 'basic' | 'body';
}

export interface RefreshedTokens {
  accessToken: string;
  /** Providers that rotate refresh tokens (QuickBooks, Sage) return a new one to keep. */
  refreshToken?: string;
  expiresAt?: string;
}

/**
 * The OAuth 2.0 refresh-token grant (RFC 6749 §6), with the client credentials as the provider
 * takes them: HTTP Basic auth (Intuit, Xero) or form fields (Sage, Zoho).
 */
export async function refreshAccessToken(request: RefreshRequest, now = Date.now()): Promise<RefreshedTokens> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: request.refreshToken });
  const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
  if (request.clientAuth === 'basic') {
    headers.Authorization = `Basic ${Buffer.from(`${request.clientId}:${request.clientSecret}`).toString('base64')}`;
  } else {
    form.set('client_id', request.clientId);
    form.set('client_secret', request.clientSecret);
  }
  const response = await send(request.provider, {
    method: 'POST',
    url: request.tokenUrl,
    headers,
    body: form.toString(),
    timeoutMs: request.timeoutMs,
  });
  const body = (response.body ?? {}) as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown; error?: unknown };
  const error = typeof body.error === 'string' ? body.error : undefined;
  // Zoho throttles its token endpoint with a 400 "Access Denied": wait, the grant is fine.
  if (response.status >= 500 || response.status === 429 || error === 'Access Denied') {
    throw new ProviderUnavailable(request.provider, `token endpoint answered ${response.status}${error ? ` ${error}` : ''}`, {
      status: response.status,
    });
  }
  // invalid_grant (expired or revoked refresh token), invalid_client and the like need a human.
  // Zoho answers them with a 200 carrying `error` (invalid_code, invalid_client_secret).
  if (response.status >= 400 || error) {
    throw new ConnectionRevoked(request.provider, `token refresh refused: ${error ?? response.status}`, {
      status: response.status,
      ...(error ? { providerCode: error } : {}),
    });
  }
  if (typeof body.access_token !== 'string') {
    throw new UnexpectedResponse(request.provider, 'token endpoint answered without an access_token', { status: response.status });
  }
  return {
    accessToken: body.access_token,
    ...(typeof body.refresh_token === 'string' ? { refreshToken: body.refresh_token } : {}),
    ...(typeof body.expires_in === 'number' ? { expiresAt: new Date(now + body.expires_in * 1000).toISOString() } : {}),
  };
}
