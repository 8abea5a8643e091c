package io.oidckit.spring;

import io.oidckit.OidcUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.security.Principal;

/**
 * The request once the user is known, so that what Spring MVC already offers answers for them: a
 * {@link Principal} controller argument, {@code HttpServletRequest.isUserInRole}, {@code getRemoteUser}.
 */
final class SpringSignedInRequest extends HttpServletRequestWrapper {
    private final OidcUser user;

    SpringSignedInRequest(HttpServletRequest request, OidcUser user) {
        super(request);
        this.user = user;
    }

    @Override
    public Principal getUserPrincipal() {
        return user;
    }

    @Override
    public String getRemoteUser() {
        return user.subject();
    }

    @Override
    public boolean isUserInRole(String role) {
        return user.hasRole(role);
    }

    @Override
    public String getAuthType() {
        return "OIDC";
    }
}
