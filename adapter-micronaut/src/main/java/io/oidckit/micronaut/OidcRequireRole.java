package io.oidckit.micronaut;

import io.oidckit.Requirement;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The signed-in user must hold one of {@link #value()} (from {@code OIDC_ROLES_CLAIM}) for this controller method, or
 * every method of this controller (a method's annotation replaces its class's), checked by the oidckit filter before
 * the controller runs: {@code @Get("/admin") @OidcRequireRole("admin") String admin(OidcUser user)}. To require only a
 * login, declare an {@code OidcUser} parameter without {@code @Nullable}; a {@code @Nullable} one leaves it public.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface OidcRequireRole {
    /** The roles; the user needs any one of them. None: any signed-in user (for a bearer route, say). */
    String[] value() default {};

    /** Answer as an API: 401/403 JSON, never a redirect or an HTML page, whatever the client accepts. */
    boolean api() default false;

    /** How the user proves who they are: the session (default), a bearer token (RFC 6750), or either. */
    Requirement.Credential credential() default Requirement.Credential.SESSION;

    /** Scopes a bearer token must carry, any one of them (403 {@code insufficient_scope} otherwise). */
    String[] scopes() default {};
}
