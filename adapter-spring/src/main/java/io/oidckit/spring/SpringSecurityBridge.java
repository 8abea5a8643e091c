package io.oidckit.spring;

import io.oidckit.OidcUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * Makes the signed-in user Spring Security's current {@code Authentication}, when Spring Security is on the class
 * path ({@link SpringOidcFilter} checks that first: loading this class without Spring Security would fail).
 *
 * <p>Two hand-overs, because the oidckit filter runs before Spring Security's filter chain (if there is one):
 * <ul>
 *   <li>the context goes into the request attribute that Spring Security's default
 *       {@code SecurityContextRepository} reads first ({@link RequestAttributeSecurityContextRepository}), so its
 *       whole chain (URL rules, {@code ExceptionTranslationFilter}) and method security see the user, and Spring
 *       Security clears its holder itself at the end of its chain;</li>
 *   <li>the holder is also set for the rest of this request, for applications that use method security without
 *       the filter chain, and restored afterwards so a thread never carries a user into another request.</li>
 * </ul>
 * Nothing is written to the session: the oidckit session stays strings only.
 */
final class SpringSecurityBridge {
    private static final RequestAttributeSecurityContextRepository REPOSITORY = new RequestAttributeSecurityContextRepository();

    private SpringSecurityBridge() {
    }

    /** Signs {@code user} in for this request; the returned action undoes the thread-local part. */
    static Runnable signIn(OidcUser user, HttpServletRequest request, HttpServletResponse response) {
        SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(new SpringOidcAuthentication(user));
        REPOSITORY.saveContext(context, request, response);
        SecurityContext previous = holder.getContext();
        holder.setContext(context);
        return () -> {
            if (previous.getAuthentication() == null) {
                holder.clearContext();
            } else {
                holder.setContext(previous);
            }
        };
    }
}
