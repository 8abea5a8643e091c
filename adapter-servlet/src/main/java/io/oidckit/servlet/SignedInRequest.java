package io.oidckit.servlet;

import io.oidckit.OidcUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.security.Principal;

/** The request as the application sees it once the user is known: the servlet security API answers for them. */
final class SignedInRequest extends HttpServletRequestWrapper {
    private final OidcUser user;

    SignedInRequest(HttpServletRequest request, OidcUser user) {
        super(request);
        this.user = user;
        request.setAttribute(ServletOidcFilter.USER_ATTRIBUTE, user);
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
