package io.oidckit.spring;

import io.oidckit.web.RelyingParty;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Spring Boot auto-configuration: a servlet web application with oidckit on the class path signs users in with no
 * code, configured by {@code oidckit.*} properties (or the contract's {@code OIDC_*} variables), each setting of
 * the core's table under {@code oidckit.} and its key ({@code oidckit.http-timeout}); IDEs complete them from the
 * shipped {@code META-INF/spring-configuration-metadata.json}. Turn it off with {@code oidckit.enabled=false}.
 *
 * <p>The filter is registered at order {@value #FILTER_ORDER}: after Spring Session's repository filter (so the
 * login state lives in whatever session store is configured) and Boot's request-context filter, and before Spring
 * Security's filter chain (-100), which then finds the signed-in user as its {@code Authentication}. The session
 * cookie attributes are set when Tomcat initialises the filter, after Boot's own
 * {@code server.servlet.session.cookie.*} settings, which they override.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, RelyingParty.class})
@ConditionalOnProperty(prefix = SpringOidcSettings.PREFIX, name = SpringOidcSettings.ENABLED, matchIfMissing = true)
@Import(SpringOidcConfiguration.class)
public final class SpringOidcAutoConfiguration {
    /** Just before Spring Security's default filter order (-100). */
    public static final int FILTER_ORDER = -101;

    @Bean
    FilterRegistrationBean<SpringOidcFilter> oidcKitFilterRegistration(SpringOidcFilter filter) {
        FilterRegistrationBean<SpringOidcFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName("oidckit");
        registration.addUrlPatterns("/*");
        registration.setOrder(FILTER_ORDER);
        return registration;
    }
}
