package io.oidckit.micronaut;

import io.micronaut.http.HttpRequest;
import io.oidckit.OidcUser;

import java.util.Optional;

/**
 * Where the oidckit filter leaves the signed-in user on a Micronaut request. Controllers usually take an
 * {@link OidcUser} parameter instead (bound from here); filters, interceptors and error handlers that run after the
 * oidckit filter can call {@link #currentUser}. The user is also the request's principal
 * ({@code request.getUserPrincipal(OidcUser.class)}) unless Micronaut Security replaced it with its
 * {@code Authentication}.
 */
public final class MicronautOidc {
    /** The request attribute holding the signed-in {@link OidcUser}. */
    public static final String USER_ATTRIBUTE = OidcUser.class.getName();

    private MicronautOidc() {
    }

    /** The signed-in user of this request, if any; empty before the oidckit filter ran. */
    public static Optional<OidcUser> currentUser(HttpRequest<?> request) {
        return request.getAttribute(USER_ATTRIBUTE, OidcUser.class);
    }
}
