package io.oidckit.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import io.oidckit.OidcUser;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.HashMap;

/**
 * With Micronaut Security, the signed-in user is also its {@link Authentication} (name: the {@code sub}; roles; the
 * {@link OidcUser#profile()} attributes), so {@code @Secured("admin")}, {@code Authentication} parameters and
 * {@code SecurityService} work. Reads the attribute the oidckit filter set just before; no I/O.
 */
@Singleton
@Requires(classes = AuthenticationFetcher.class)
@Requires(property = "micronaut.security.enabled", notEquals = "false")
final class MicronautOidcAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        return MicronautOidc.currentUser(request)
                .map(user -> Publishers.just(authentication(user)))
                .orElseGet(Publishers::empty);
    }

    static Authentication authentication(OidcUser user) {
        return Authentication.build(user.subject(), user.roles(), new HashMap<>(user.profile()));
    }
}
