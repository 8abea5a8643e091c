package io.oidckit.web;

/**
 * The attributes the session cookie must have (docs/contract.md, "Cookies"). Adapters apply it to their framework's
 * session cookie configuration: {@code HttpOnly}, {@code SameSite=Lax} (the callback is a top-level cross-site GET,
 * which Lax lets through and Strict would not), {@code Secure} whenever the redirect URI is https, and no
 * {@code Domain}, so the cookie never reaches sibling hosts. {@code sameSite} is spelled {@code Lax}, {@code Strict}
 * or {@code None}.
 */
public record CookiePolicy(boolean secure, boolean httpOnly, String sameSite, String path) {
}
