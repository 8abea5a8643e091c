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
import java.util.Map;

/**
 * With Micronaut Security on the classpath, the signed-in user is also its {@link Authentication}: name = the
 * {@code sub}, roles = the roles claim, and the attributes {@code name}, {@code email}, {@code preferred_username}
 * when present. So {@code @Secured("admin")}, {@code Authentication} and {@code Principal} parameters and
 * {@code SecurityService} work on routes the oidckit filter let through. Reads the request attribute the oidckit
 * filter set (it runs just before Micronaut Security's filter); no I/O.
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
        Map<String, Object> attributes = new HashMap<>();
        if (user.fullName() != null) attributes.put("name", user.fullName());
        if (user.email() != null) attributes.put("email", user.email());
        if (user.preferredUsername() != null) attributes.put("preferred_username", user.preferredUsername());
        return Authentication.build(user.subject(), user.roles(), attributes);
    }
}
