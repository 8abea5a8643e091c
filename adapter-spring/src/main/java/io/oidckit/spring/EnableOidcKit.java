package io.oidckit.spring;

import org.springframework.context.annotation.Import;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns on OpenID Connect sign-in in a plain Spring MVC application (with Spring Boot the auto-configuration does
 * it, no annotation needed). Put it next to {@code @EnableWebMvc} on a {@code @Configuration} class. It declares:
 * <ul>
 *   <li>the {@link SpringOidcFilter} bean {@value SpringOidcFilter#BEAN_NAME}, which the servlet container must
 *       run for every request: a {@code DelegatingFilterProxy("oidcKitFilter")} with
 *       {@code setTargetFilterLifecycle(true)}, mapped to {@code /*} (for example returned from
 *       {@code AbstractAnnotationConfigDispatcherServletInitializer.getServletFilters()});</li>
 *   <li>the interceptor for {@link OidcAuthenticated} and {@link OidcRequireRole};</li>
 *   <li>the {@code OidcUser} controller argument;</li>
 *   <li>the session cookie attributes, applied when the container initialises the filter.</li>
 * </ul>
 * Configuration: a {@code RelyingParty} or {@code OidcConfig} bean if the application declares one, else the
 * {@code oidckit.*} names, then the contract's {@code OIDC_*} names, from the {@code Environment}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(SpringOidcConfiguration.class)
public @interface EnableOidcKit {
}
