package io.oidckit.testprovider;

/**
 * The endpoints served by {@link TestProvider}, each at a fixed path below the issuer.
 *
 * <p>The paths are the ones the provider advertises in its discovery document
 * (OpenID Connect Discovery 1.0 §3), so a relying party that uses discovery never needs them.
 */
public enum Endpoint {
    /** Provider metadata, OpenID Connect Discovery 1.0 §4. */
    DISCOVERY("/.well-known/openid-configuration"),
    /** The public signing keys, RFC 7517 §5. */
    JWKS("/jwks"),
    /** Authorization endpoint, RFC 6749 §3.1 / OpenID Connect Core 1.0 §3.1.2. */
    AUTHORIZE("/authorize"),
    /** Token endpoint, RFC 6749 §3.2 / OpenID Connect Core 1.0 §3.1.3. */
    TOKEN("/token"),
    /** UserInfo endpoint, OpenID Connect Core 1.0 §5.3. */
    USERINFO("/userinfo"),
    /** End-session endpoint, OpenID Connect RP-Initiated Logout 1.0 §2. */
    END_SESSION("/logout"),
    /** Token introspection endpoint, RFC 7662 §2. */
    INTROSPECT("/introspect"),
    /** Token revocation endpoint, RFC 7009 §2. */
    REVOCATION("/revoke");

    private final String path;

    Endpoint(String path) {
        this.path = path;
    }

    /** The path of this endpoint relative to the issuer, starting with {@code /}. */
    public String path() {
        return path;
    }

    static Endpoint forPath(String path) {
        for (Endpoint e : values()) {
            if (e.path.equals(path)) {
                return e;
            }
        }
        return null;
    }
}
