package io.oidckit.spring;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts the {@link SpringOidcUserArgumentResolver} ahead of Spring MVC's built-in resolvers. It has to be: an
 * {@code OidcUser} is a {@link java.security.Principal}, and the built-in resolver for {@code Principal} arguments
 * (which answers {@code getUserPrincipal()}, an {@code Authentication} once Spring Security has wrapped the request)
 * would otherwise claim it; resolvers added through {@code WebMvcConfigurer} only come after the built-in ones.
 */
final class SpringOidcUserArgumentFirst implements BeanPostProcessor {
    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof RequestMappingHandlerAdapter adapter && adapter.getArgumentResolvers() != null) {
            List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>();
            resolvers.add(new SpringOidcUserArgumentResolver());
            adapter.getArgumentResolvers().stream()
                    .filter(r -> !(r instanceof SpringOidcUserArgumentResolver))
                    .forEach(resolvers::add);
            adapter.setArgumentResolvers(resolvers);
        }
        return bean;
    }
}
