package io.oidckit.micronaut;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Protects a controller method, or every method of a controller, with a role requirement: the signed-in user must
 * hold at least one of {@link #value()} (taken from the configured roles claim, {@code OIDC_ROLES_CLAIM}).
 * Checked by the oidckit filter through {@code RelyingParty.authorize} before the controller runs, so the answers are
 * the contract's: an anonymous browser goes into the login flow and comes back here, a JSON client gets 401, a user
 * without the role gets the 403 "Access denied" page (or 403 JSON).
 *
 * <pre>{@code
 * @Get("/admin")
 * @OidcRequireRole("admin")
 * String admin(OidcUser user) { ... }
 * }</pre>
 *
 * <p>A method annotation replaces the class annotation. To require only a login, declare an {@code OidcUser}
 * parameter without {@code @Nullable}; a {@code @Nullable OidcUser} parameter leaves the route public.
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
