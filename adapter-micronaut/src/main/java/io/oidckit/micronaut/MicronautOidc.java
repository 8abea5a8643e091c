package io.oidckit.micronaut;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.PostponedRequestArgumentBinder;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.oidckit.OidcUser;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * The signed-in user of a Micronaut request, for filters, interceptors and error handlers that run after the oidckit
 * filter; controllers take an {@link OidcUser} parameter instead. It is also the request's principal unless Micronaut
 * Security replaced it with its {@code Authentication}.
 */
public final class MicronautOidc {
    /** The request attribute holding the signed-in {@link OidcUser}. */
    public static final String USER_ATTRIBUTE = OidcUser.class.getName();

    private MicronautOidc() {}

    /** The signed-in user of this request, if any; empty before the oidckit filter ran. */
    public static Optional<OidcUser> currentUser(HttpRequest<?> request) {
        return request.getAttribute(USER_ATTRIBUTE, OidcUser.class);
    }

    /**
     * Binds a controller parameter of type {@link OidcUser}, postponed until the filters ran (the oidckit filter
     * finds the user). A non-{@code @Nullable} parameter never sees an anonymous request: it means "login required".
     */
    @Singleton
    static final class UserBinder implements TypedRequestArgumentBinder<OidcUser>, PostponedRequestArgumentBinder<OidcUser> {
        private static final Argument<OidcUser> TYPE = Argument.of(OidcUser.class);

        @Override
        public Argument<OidcUser> argumentType() {
            return TYPE;
        }

        @Override
        public BindingResult<OidcUser> bind(ArgumentConversionContext<OidcUser> context, HttpRequest<?> source) {
            Optional<OidcUser> user = currentUser(source);
            return () -> user;
        }
    }
}
