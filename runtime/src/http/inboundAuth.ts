// Who may call the HTTP endpoint: static bearer tokens and/or OAuth 2.1 access tokens (JWTs checked
// against the authorization server's JWKS, issuer and audience). Both plug into the SDK's bearer
// helpers, which parse the header and answer 401 with the WWW-Authenticate challenge.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import {
  OAuthError,
  OAuthErrorCode,
  bearerAuthChallengeResponse,
  getOAuthProtectedResourceMetadataUrl,
  verifyBearerToken,
  type AuthInfo,
  type OAuthTokenVerifier,
} from '@modelcontextprotocol/server';
import type { HttpOptions, JwtAuthOptions } from './options.js';

const digest = (value: string) => createHash('sha256').update(value).digest();
const rejected = () => new OAuthError(OAuthErrorCode.InvalidToken, 'invalid or expired access token');

/**
 * Static tokens, compared in constant time: both sides are hashed to the same length first, and
 * every configured token is compared (no early exit), so timing reveals neither length nor match.
 */
export function staticTokenVerifier(tokens: readonly string[]): OAuthTokenVerifier {
  const known = tokens.map(digest);
  return {
    async verifyAccessToken(token) {
      const candidate = digest(token);
      let match = false;
      for (const k of known) match = timingSafeEqual(k, candidate) || match;
      if (!match) throw rejected();
      // A static token has no expiry; the SDK's bearer check requires one, so it is valid for this request.
      return { token, clientId: 'static-token', scopes: [], expiresAt: Math.floor(Date.now() / 1000) + 60 };
    },
  };
}

/** OAuth 2.1 resource server: a JWT signed by a key of the JWKS, with the expected issuer and audience. */
export function jwtVerifier(options: JwtAuthOptions): OAuthTokenVerifier {
  const keys = createRemoteJWKSet(options.jwksUrl); // cached, refetched on an unknown key id
  return {
    async verifyAccessToken(token) {
      try {
        const { payload } = await jwtVerify(token, keys, { issuer: options.issuer, audience: options.audience });
        const scope = typeof payload.scope === 'string' ? payload.scope : '';
        const clientId = [payload.client_id, payload.azp, payload.sub].find((v) => typeof v === 'string');
        return {
          token,
          clientId: typeof clientId === 'string' ? clientId : 'unknown',
          scopes: scope.split(' ').filter(Boolean),
          expiresAt: payload.exp,
        };
      } catch {
        // jose's message may quote claims; the client only learns that the token was refused.
        throw rejected();
      }
    },
  };
}

/** Tries each configured verifier in turn: a token is accepted when one of them accepts it. */
function anyOf(verifiers: OAuthTokenVerifier[]): OAuthTokenVerifier {
  return {
    async verifyAccessToken(token) {
      for (const verifier of verifiers) {
        try {
          return await verifier.verifyAccessToken(token);
        } catch (error) {
          if (!(error instanceof OAuthError)) throw error;
        }
      }
      throw rejected();
    },
  };
}

export interface InboundAuth {
  /** The verified caller, or the 401 response to send. */
  check(authorization: string | undefined): Promise<AuthInfo | Response>;
  /** RFC 9728 protected-resource metadata: its path and document (OAuth only). */
  metadata?: { path: string; document: object };
}

/** undefined when no inbound auth is configured (allowed only on a loopback address). */
export function createInboundAuth(options: HttpOptions): InboundAuth | undefined {
  const verifiers: OAuthTokenVerifier[] = [];
  if (options.tokens.length > 0) verifiers.push(staticTokenVerifier(options.tokens));
  if (options.jwt) verifiers.push(jwtVerifier(options.jwt));
  if (verifiers.length === 0) return undefined;
  const verifier = anyOf(verifiers);
  const metadataUrl = options.jwt ? getOAuthProtectedResourceMetadataUrl(options.publicUrl) : undefined;
  const bearer = { verifier, resourceMetadataUrl: metadataUrl };
  return {
    async check(authorization) {
      try {
        return await verifyBearerToken(authorization, bearer);
      } catch (error) {
        return bearerAuthChallengeResponse(error, bearer);
      }
    },
    // Written here rather than with buildOAuthProtectedResourceMetadata: that helper needs the
    // authorization server's full RFC 8414 metadata, which a resource server does not own; RFC 9728
    // only requires the resource and where to get tokens.
    metadata:
      metadataUrl && options.jwt
        ? {
            path: new URL(metadataUrl).pathname,
            document: {
              resource: options.publicUrl.href,
              authorization_servers: [options.jwt.issuer],
              bearer_methods_supported: ['header'],
            },
          }
        : undefined,
  };
}
