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
 * Binds a controller parameter of type {@link OidcUser} to the signed-in user. Postponed until the filters ran, since
 * the oidckit filter is what finds the user. A non-{@code @Nullable} parameter never sees an anonymous request: the
 * filter treats it as "login required" (see {@link OidcRequireRole}).
 */
@Singleton
final class MicronautOidcUserBinder implements TypedRequestArgumentBinder<OidcUser>, PostponedRequestArgumentBinder<OidcUser> {
    private static final Argument<OidcUser> TYPE = Argument.of(OidcUser.class);

    @Override
    public Argument<OidcUser> argumentType() {
        return TYPE;
    }

    @Override
    public BindingResult<OidcUser> bind(ArgumentConversionContext<OidcUser> context, HttpRequest<?> source) {
        Optional<OidcUser> user = MicronautOidc.currentUser(source);
        return () -> user;
    }
}
