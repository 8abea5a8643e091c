package io.oidckit.internal.provider;

/** An access token the token endpoint issued to this client, and its lifetime in seconds (0: none given). */
public record IssuedToken(String value, long lifetime) {
}
