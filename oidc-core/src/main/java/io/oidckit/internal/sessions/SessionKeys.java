package io.oidckit.internal.sessions;

/**
 * The session attributes the core keeps, all short strings, so any session store carries them without Java
 * serialisation (docs/configuration.md, "Session contents").
 */
public final class SessionKeys {
    private SessionKeys() {
    }

    /** The signed-in user, as {@link UserCodec} writes it. */
    public static final String USER = "oidckit.user";
    /** The ID token, kept only as the logout {@code id_token_hint}. */
    public static final String ID_TOKEN = "oidckit.id_token";
    /**
     * With {@code OIDC_KEEP_TOKENS}: the refresh token and what checking a refreshed ID token needs of the login
     * (its {@code nonce} and {@code auth_time}), as {@link io.oidckit.internal.flows} writes them. Read only to refresh.
     */
    public static final String REFRESH = "oidckit.refresh";
    /** The pending logins of this browser, as {@link PendingLogins} writes them. */
    public static final String PENDING = "oidckit.pending";
    /** The {@code state} of an RP-initiated logout in flight, and when it began: {@code "STATE TIME"}. */
    public static final String LOGOUT = "oidckit.logout";
}
