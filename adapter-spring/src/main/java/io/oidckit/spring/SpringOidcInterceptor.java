package io.oidckit.spring;

import io.oidckit.OidcUser;
import io.oidckit.web.RelyingParty;
import io.oidckit.servlet.ServletViews;
import io.oidckit.Requirement;
import io.oidckit.web.Outcome;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enforces {@link OidcAuthenticated} and {@link OidcRequireRole} on handler methods, through
 * {@link RelyingParty#authorize}, so the answers (redirect, 401/403 JSON, the 403 page) are the core's, exactly as
 * for protect rules. A handler that takes a non-optional {@link OidcUser} argument needs a signed-in user too: a
 * controller that asks for the user cannot run without one.
 */
final class SpringOidcInterceptor implements HandlerInterceptor {
    private final RelyingParty rp;
    private final Map<Method, Optional<Requirement>> requirements = new ConcurrentHashMap<>();

    SpringOidcInterceptor(RelyingParty rp) {
        this.rp = rp;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (!(handler instanceof HandlerMethod method)) return true;
        Optional<Requirement> requirement = requirements.computeIfAbsent(method.getMethod(), m -> requirementOf(method));
        if (requirement.isEmpty()) return true;
        if (request.getAttribute(SpringOidcFilter.FILTERED_ATTRIBUTE) == null) {
            // Without the filter there is no login route to send anyone to: fail loudly instead of looping.
            throw new IllegalStateException(method.toString() + " is protected, but the "
                    + "oidckit filter did not run for " + request.getRequestURI() + ": register the bean '"
                    + SpringOidcFilter.BEAN_NAME + "' with the servlet container, for example as "
                    + "a DelegatingFilterProxy(\"" + SpringOidcFilter.BEAN_NAME + "\") mapped to /*");
        }
        Outcome outcome = rp.authorize(ServletViews.request(request), ServletViews.session(request), requirement.get())
                .toCompletableFuture().join(); // never fails; bounded by the core's provider timeouts
        return ServletViews.render(response, outcome);
    }

    static Optional<Requirement> requirementOf(HandlerMethod handler) {
        Requirement onMethod = declared(handler.getMethod());
        if (onMethod != null) return Optional.of(onMethod);
        Requirement onType = declared(handler.getBeanType());
        if (onType != null) return Optional.of(onType);
        for (MethodParameter p : handler.getMethodParameters()) {
            if (p.getParameterType() == OidcUser.class && !p.isOptional()) return Optional.of(Requirement.authenticated());
        }
        return Optional.empty();
    }

    private static Requirement declared(AnnotatedElement element) {
        OidcRequireRole role = AnnotatedElementUtils.findMergedAnnotation(element, OidcRequireRole.class);
        OidcAuthenticated authenticated = AnnotatedElementUtils.findMergedAnnotation(element, OidcAuthenticated.class);
        if (role != null && authenticated != null) {
            throw new IllegalStateException(element + " has both @OidcRequireRole and @OidcAuthenticated; keep one");
        }
        if (role != null) return Requirement.declared(role.value(), role.api(), role.credential(), role.scopes());
        if (authenticated != null) {
            return Requirement.declared(new String[0], authenticated.api(), authenticated.credential(), authenticated.scopes());
        }
        return null;
    }
}
