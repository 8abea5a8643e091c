package io.oidckit.micronaut;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The signed-in user must hold at least one of {@link #value()} (from {@code OIDC_ROLES_CLAIM}) for this controller
 * method, or every method of this controller; a method's annotation replaces its class's. The oidckit filter checks
 * it before the controller runs and answers as the contract says (login flow, 401, the 403 page or 403 JSON), e.g.
 * {@code @Get("/admin") @OidcRequireRole("admin") String admin(OidcUser user)}. To require only a login, declare an
 * {@code OidcUser} parameter without {@code @Nullable}; a {@code @Nullable OidcUser} leaves the route public.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface OidcRequireRole {
    /** The roles, at least one; the user needs any one of them. */
    String[] value();

    /** Answer as an API: 401/403 JSON, never a redirect or an HTML page, whatever the client accepts. */
    boolean api() default false;
}
