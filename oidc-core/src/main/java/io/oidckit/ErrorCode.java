package io.oidckit;

/**
 * The stable codes that start every oidckit error message and log line. Each has an anchor in
 * {@code docs/errors.md} ({@code docs/errors.md#oidc203}), so a code in a log leads straight to its explanation.
 *
 * <p>The HTTP status is the one the contract (docs/contract.md, "Error answers") prescribes: 400 for a callback that
 * fails a check, 502 when the provider answered wrongly, 503 when it could not be reached in time.
 * Configuration codes have no status: they stop start-up, except OIDC104, a warning.
 */
public enum ErrorCode {
    /** A required setting is missing. */
    CONFIG_MISSING("OIDC101", 0),
    /** A setting has a value of the wrong form. */
    CONFIG_MALFORMED("OIDC102", 0),
    /** An {@code http://} URL for a host that is not loopback, without the explicit insecure setting. */
    CONFIG_INSECURE("OIDC103", 0),
    /** A key written like a setting ({@code oidckit.*}, {@code OIDC_*}) that names none: a warning, not fatal. */
    CONFIG_UNKNOWN("OIDC104", 0),
    /** oidc-core's implementation is missing from the class path: a fat jar dropped its service file. */
    PACKAGING("OIDC105", 0),

    /** A callback parameter ({@code code}, {@code state}, {@code iss}, {@code error}) was repeated or over 4 KiB. */
    CALLBACK_PARAMETER_INVALID("OIDC201", 400),
    /** The callback carried no {@code state}. */
    STATE_MISSING("OIDC202", 400),
    /** No pending login of this browser matches the {@code state}: forged, expired, or already used (a replay). */
    STATE_UNKNOWN("OIDC203", 400),
    /** The provider answered the authorization request with an {@code error} (RFC 6749 §4.1.2.1). */
    AUTHORIZATION_ERROR("OIDC204", 400),
    /** The RFC 9207 {@code iss} parameter is missing although advertised, or names another issuer. */
    ISSUER_MISMATCH("OIDC205", 400),
    /** The callback carried neither {@code code} nor {@code error}. */
    CODE_MISSING("OIDC206", 400),
    /** The ID token failed validation (OpenID Connect Core 1.0 §3.1.3.7): signature, algorithm, claims or time. */
    ID_TOKEN_INVALID("OIDC207", 400),
    /** The ID token's {@code nonce} does not match the one sent with this login attempt. */
    NONCE_MISMATCH("OIDC208", 400),
    /** The UserInfo {@code sub} differs from the ID token's (OpenID Connect Core 1.0 §5.3.2). */
    USERINFO_SUBJECT_MISMATCH("OIDC209", 400),
    /** A UserInfo claim has the wrong JSON type, or its {@code sub} is not a valid subject (OpenID Connect Core 1.0 §5.1). */
    USERINFO_CLAIM_INVALID("OIDC210", 400),

    /** The discovery document is malformed, incomplete, or names another issuer. */
    DISCOVERY_INVALID("OIDC301", 502),
    /** The token endpoint answered with an OAuth error (RFC 6749 §5.2). */
    TOKEN_ERROR("OIDC302", 502),
    /** A provider answer was not what the protocol requires (status, content, a redirect). */
    RESPONSE_MALFORMED("OIDC303", 502),
    /** A provider answer was larger than the configured limit. */
    RESPONSE_TOO_LARGE("OIDC304", 502),
    /** The JWKS document is malformed or holds no usable signing key. */
    JWKS_INVALID("OIDC305", 502),
    /** The UserInfo endpoint answered with an error or malformed content. */
    USERINFO_ERROR("OIDC306", 502),
    /** The token response's {@code token_type} is not {@code Bearer} (RFC 6749 §5.1, §7.1). */
    TOKEN_TYPE_UNSUPPORTED("OIDC307", 502),
    /** The provider signs ID tokens with none of the algorithms in {@code OIDC_ID_TOKEN_SIGNING_ALGS}. */
    ALGORITHM_NOT_OFFERED("OIDC308", 502),
    /** The introspection endpoint answered with an error or malformed content (RFC 7662 §2.2). */
    INTROSPECTION_ERROR("OIDC309", 502),
    /** Cookie mode: the signed-in user does not fit in the session's cookies, even without the ID token. */
    SESSION_TOO_LARGE("OIDC310", 502),

    /** The provider could not be reached (connection refused or reset, DNS, TLS). */
    PROVIDER_UNREACHABLE("OIDC401", 503),
    /** The provider did not answer within the configured timeout. */
    PROVIDER_TIMEOUT("OIDC402", 503),

    /** The framework's session store failed (Redis down, say): a 503 until it is back, never a 500 or a session. */
    SESSION_STORE_UNAVAILABLE("OIDC601", 503),
    /** The revocation store ({@code OIDC_REDIS_URL}) cannot be reached: a warning; sessions keep working. */
    REVOCATION_STORE_UNAVAILABLE("OIDC602", 0),

    /** A back-channel logout token failed validation (Back-Channel Logout 1.0 §2.6), or was a replay. */
    LOGOUT_TOKEN_INVALID("OIDC701", 400),
    /** A back-channel or front-channel logout request is malformed: method, content type, body, parameters. */
    LOGOUT_REQUEST_INVALID("OIDC702", 400),
    /** An unsigned (front-channel) revocation found this replica holding as many revocations as it keeps. */
    REVOCATIONS_FULL("OIDC703", 503),

    /** The provider refused a refresh ({@code invalid_grant}): the refresh token is no longer valid, the session ends. */
    REFRESH_REFUSED("OIDC801", 0),
    /** A refresh answer's ID token failed the checks of OpenID Connect Core 1.0 §12.2: the session ends. */
    REFRESH_ID_TOKEN_INVALID("OIDC802", 0),
    /** A refresh could not be made (the provider down, slow, or answering wrongly) and the session is past its grace. */
    REFRESH_UNAVAILABLE("OIDC803", 503),
    /** The provider's revocation endpoint (RFC 7009) did not revoke the refresh token at logout: a warning. */
    TOKEN_REVOCATION_FAILED("OIDC804", 0),
    /** The replicas' store ({@code OIDC_REDIS_URL}) could not be reached for a refresh: this replica refreshed alone. */
    REFRESH_SHARE_UNAVAILABLE("OIDC805", 0),

    /** A bearer token was refused (RFC 6750 §3.1 {@code invalid_token}): not valid, not active, or not for this API. */
    ACCESS_TOKEN_INVALID("OIDC501", 401),
    /** A valid bearer token lacks the scope or role the route needs (RFC 6750 §3.1 {@code insufficient_scope}). */
    ACCESS_TOKEN_INSUFFICIENT("OIDC502", 403),
    /** A bearer token in the query string, or a malformed {@code Authorization: Bearer} (RFC 6750 §3.1 {@code invalid_request}). */
    ACCESS_TOKEN_REQUEST_INVALID("OIDC503", 400);

    private final String code;
    private final int status;

    ErrorCode(String code, int status) {
        this.code = code;
        this.status = status;
    }

    /** The stable code, for example {@code OIDC203}. */
    public String code() {
        return code;
    }

    /** The HTTP status a request that fails with this code is answered with; 0 for configuration codes. */
    public int status() {
        return status;
    }

    /** Where the code is explained, relative to the repository root. */
    public String docs() {
        return "docs/errors.md#" + code.toLowerCase(java.util.Locale.ROOT);
    }
}
