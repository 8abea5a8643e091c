package io.oidckit.spring;

import io.oidckit.OidcUser;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import java.util.Optional;

/**
 * Resolves controller arguments of type {@link OidcUser} and {@code Optional<OidcUser>} to the signed-in user.
 * {@code @Nullable OidcUser} and {@code Optional<OidcUser>} are empty for an anonymous request; a plain
 * {@code OidcUser} makes the handler require a login (see {@link SpringOidcInterceptor}), so it is never null.
 */
final class SpringOidcUserArgumentResolver implements HandlerMethodArgumentResolver {
    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.nestedIfOptional().getNestedParameterType() == OidcUser.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest webRequest,
                                  WebDataBinderFactory binderFactory) {
        HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
        OidcUser user = request == null ? null : SpringOidcFilter.currentUser(request).orElse(null);
        if (parameter.getParameterType() == Optional.class) return Optional.ofNullable(user);
        if (user == null && !parameter.isOptional()) {
            // The interceptor demands a login for such a handler; getting here means it was not registered.
            throw new IllegalStateException("no signed-in user for the required OidcUser argument of "
                    + parameter.getExecutable() + ": is @EnableOidcKit (or the Boot auto-configuration) active?");
        }
        return user;
    }
}
