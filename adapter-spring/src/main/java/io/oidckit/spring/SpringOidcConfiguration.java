package io.oidckit.spring;

import io.oidckit.OidcConfig;
import io.oidckit.ServiceTokens;
import io.oidckit.web.RelyingParty;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The beans of oidckit in Spring MVC, imported by {@link EnableOidcKit} and by the Boot auto-configuration.
 *
 * <p>Where the configuration comes from, first found wins: a {@link RelyingParty} bean of the application; an
 * {@link OidcConfig} bean; otherwise {@code oidckit.*} properties over the contract's names ({@code OIDC_*},
 * {@code URL_BASE_PATHNAME}) in the {@link Environment}, read through the core's settings table
 * ({@link SpringOidcSettings}).
 */
@Configuration(proxyBeanMethods = false)
class SpringOidcConfiguration {

    @Bean(SpringOidcFilter.BEAN_NAME)
    SpringOidcFilter oidcKitFilter(ObjectProvider<RelyingParty> relyingParty, ObjectProvider<OidcConfig> config,
                                   Environment environment) {
        RelyingParty rp = relyingParty.getIfUnique(() -> RelyingParty.create(config.getIfUnique(
                () -> SpringOidcSettings.config(environment))));
        return new SpringOidcFilter(rp);
    }

    @Bean
    WebMvcConfigurer oidcKitWebMvcConfigurer(SpringOidcFilter filter) {
        SpringOidcInterceptor interceptor = new SpringOidcInterceptor(filter.relyingParty());
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor);
            }
        };
    }

    /** This client's own access tokens, for the app's calls to other services (the client credentials grant). */
    @Bean
    ServiceTokens oidcKitServiceTokens(SpringOidcFilter filter) {
        return filter.relyingParty().serviceTokens();
    }

    @Bean
    static SpringOidcUserArgumentFirst oidcKitUserArgumentResolver() {
        return new SpringOidcUserArgumentFirst();
    }
}
