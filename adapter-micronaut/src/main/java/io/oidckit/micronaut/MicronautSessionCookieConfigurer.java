package io.oidckit.micronaut;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.session.http.HttpSessionConfiguration;
import io.oidckit.RelyingParty;
import io.oidckit.web.CookiePolicy;
import jakarta.inject.Singleton;

import java.util.Locale;

/**
 * Applies {@link RelyingParty#cookiePolicy()} to micronaut-session's cookie ({@code micronaut.session.http.cookie-*})
 * when that configuration is created, so the policy holds whatever the application's configuration says:
 * {@code Secure} exactly when the redirect URI is https, {@code SameSite=Lax}, the base path as cookie path, and no
 * {@code Domain}. {@code HttpOnly} needs nothing: micronaut-session always sets it.
 *
 * <p>It also turns micronaut-session's Base64 cookie encoding off unless
 * {@code micronaut.session.http.base64-encode} is set explicitly: with it on, a cookie that is not valid Base64
 * makes micronaut-session answer every request with 400, while the contract treats a malformed session cookie as no
 * session. The ids are UUIDs, which need no encoding in a cookie.
 */
@Singleton
final class MicronautSessionCookieConfigurer implements BeanCreatedEventListener<HttpSessionConfiguration> {
    static final String BASE64_PROPERTY = "micronaut.session.http.base64-encode";
    private static final System.Logger LOG = System.getLogger("io.oidckit.micronaut");

    private final BeanProvider<RelyingParty> rp;
    private final Environment environment;

    MicronautSessionCookieConfigurer(BeanProvider<RelyingParty> rp, Environment environment) {
        this.rp = rp;
        this.environment = environment;
    }

    @Override
    public HttpSessionConfiguration onCreated(BeanCreatedEvent<HttpSessionConfiguration> event) {
        HttpSessionConfiguration cookie = event.getBean();
        CookiePolicy policy = rp.get().cookiePolicy();
        cookie.setCookieSecure(policy.secure());
        cookie.setCookieSameSite(sameSite(policy));
        cookie.setCookiePath(policy.path());
        if (cookie.getDomainName().isPresent()) {
            LOG.log(System.Logger.Level.WARNING, "micronaut.session.http.cookie-domain is ignored: the session cookie "
                    + "carries no Domain, so it never reaches sibling hosts");
            cookie.setDomainName(null);
        }
        if (!policy.httpOnly()) {
            LOG.log(System.Logger.Level.WARNING, "micronaut-session always sets HttpOnly on its cookie");
        }
        if (!environment.containsProperty(BASE64_PROPERTY)) {
            cookie.setBase64Encode(false);
        }
        return cookie;
    }

    static SameSite sameSite(CookiePolicy policy) {
        return switch (policy.sameSite().toLowerCase(Locale.ROOT)) {
            case "strict" -> SameSite.Strict;
            case "none" -> SameSite.None;
            default -> SameSite.Lax;
        };
    }
}
