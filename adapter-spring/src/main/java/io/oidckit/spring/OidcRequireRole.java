package io.oidckit.spring;

import io.oidckit.Requirement;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The handler method (or every handler method of the controller) needs a signed-in user holding at least one of
 * the roles, as read from the configured roles claim ({@code oidckit.roles-claim}, default {@code groups}).
 * Anonymous: the login flow (or {@code 401} JSON); signed in without the role: the core's {@code 403}
 * "Access denied" page (or {@code 403 {"error":"forbidden"}}). Checked before the handler runs.
 *
 * <p>A method-level annotation takes the place of one on the class. May be used as a meta-annotation, for
 * example {@code @OidcRequireRole("admin") @interface AdminOnly {}}.
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OidcRequireRole {
    /** The roles, any one of which is enough. */
    String[] value();

    /** An API route: {@code 401}/{@code 403} JSON, never a redirect or an HTML page. */
    boolean api() default false;

    /** How the user proves who they are: the session (default), a bearer token (RFC 6750), or either. */
    Requirement.Credential credential() default Requirement.Credential.SESSION;

    /** Scopes a bearer token must carry, any one of them (403 {@code insufficient_scope} otherwise); none by default. */
    String[] scopes() default {};
}
