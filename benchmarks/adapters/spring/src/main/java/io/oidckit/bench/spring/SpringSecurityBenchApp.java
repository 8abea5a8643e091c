package io.oidckit.bench.spring;

import io.oidckit.OidcConfig;
import io.oidckit.bench.http.BenchApp;
import io.oidckit.testprovider.TestProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.filter.DelegatingFilterProxy;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * Spring Security's own OpenID Connect login on the same plain Spring MVC app and handler as {@link SpringBenchApp}:
 * {@code @EnableWebSecurity}, {@code oauth2Login()} with one {@link ClientRegistration} discovered from the test
 * provider's issuer ({@code client_secret_basic}, scope {@code openid}, PKCE because the provider requires it),
 * {@code /p/**} authenticated, everything else permitted. The {@code springSecurityFilterChain} is mapped to
 * {@code /p/*}, {@code /oauth2/*} (login start) and {@code /login/*} (Spring's default callback,
 * {@code /login/oauth2/code/oidckit}), not to {@code /open/*}. Sessions: Tomcat's, Spring Security's defaults
 * (security context in the HTTP session, session id changed at login).
 */
public final class SpringSecurityBenchApp implements BenchApp {
    static final String REGISTRATION = "oidckit";

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    @EnableWebSecurity
    @Import(HelloController.class)
    static class SecurityConfig {
        @Bean
        SecurityFilterChain securityFilterChain(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
            DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations,
                    OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
            resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
            http.authorizeHttpRequests(a -> a.requestMatchers("/p/**").authenticated().anyRequest().permitAll())
                    .oauth2Login(o -> o.authorizationEndpoint(e -> e.authorizationRequestResolver(resolver)));
            return http.build();
        }
    }

    @Override
    public String name() {
        return "spring-security";
    }

    @Override
    public String nativeOf() {
        return "spring";
    }

    @Override
    public Running start(OidcConfig config, TestProvider provider, int port) throws Exception {
        ClientRegistration registration = ClientRegistrations.fromIssuerLocation(provider.issuer())
                .registrationId(REGISTRATION)
                .clientId(TestProvider.CLIENT_ID)
                .clientSecret(TestProvider.CLIENT_SECRET)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("http://127.0.0.1:" + port + "/login/oauth2/code/" + REGISTRATION)
                .scope("openid")
                .build();
        AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
        spring.register(SecurityConfig.class);
        spring.addBeanFactoryPostProcessor(beans -> beans.registerSingleton("clientRegistrationRepository",
                new InMemoryClientRegistrationRepository(registration)));
        DelegatingFilterProxy proxy = new DelegatingFilterProxy("springSecurityFilterChain");
        return MvcServer.start(port, spring, "springSecurityFilterChain", proxy, "SPRING_SECURITY_CONTEXT",
                "/p/*", "/oauth2/*", "/login/*");
    }
}
