package io.oidckit.spring;

import io.oidckit.Requirement;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The handler method (or every handler method of the controller) needs a signed-in user. An anonymous browser is
 * sent into the login flow and comes back here afterwards; a client that asks for JSON gets
 * {@code 401 {"error":"unauthorized"}}. Checked before the handler runs, by the oidckit interceptor.
 *
 * <p>A method-level {@link OidcAuthenticated} or {@link OidcRequireRole} takes the place of one on the class.
 * May be used as a meta-annotation.
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OidcAuthenticated {
    /**
     * An API route: always {@code 401}/{@code 403} JSON, never a redirect or an HTML page, whatever the
     * {@code Accept} header says.
     */
    boolean api() default false;

    /** How the user proves who they are: the session (default), a bearer token (RFC 6750), or either. */
    Requirement.Credential credential() default Requirement.Credential.SESSION;

    /** Scopes a bearer token must carry, any one of them (403 {@code insufficient_scope} otherwise); none by default. */
    String[] scopes() default {};
}
