package io.oidckit.spring;

import io.oidckit.OidcUser;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

/**
 * The oidckit user as a Spring Security {@code Authentication}: the principal is the {@link OidcUser} (so
 * {@code @AuthenticationPrincipal OidcUser} works), the name its {@code sub}, and each role an authority
 * {@code ROLE_<role>}, which is what {@code hasRole('admin')} checks. There are no credentials: the ID token was
 * verified once, at login, by the core.
 */
final class SpringOidcAuthentication extends AbstractAuthenticationToken {
    private static final long serialVersionUID = 1L;

    private final OidcUser user;

    SpringOidcAuthentication(OidcUser user) {
        super(authorities(user));
        this.user = user;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(OidcUser user) {
        return user.roles().stream().sorted().<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public OidcUser getPrincipal() {
        return user;
    }
}
