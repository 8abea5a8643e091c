package io.oidckit.internal.provider;

import java.util.Set;

/**
 * A refresh answer (RFC 6749 §5.1): the new access token, its lifetime in seconds (0: none given), its scopes
 * ({@code null}: the same as before, §5.1), the new refresh token ({@code null}: keep the old one, no rotation) and
 * the ID token, still to be checked ({@code null}: none sent, which §12.2 allows).
 */
public record RefreshedTokens(String accessToken, long lifetime, Set<String> scopes, String refreshToken, String idToken) {
}
