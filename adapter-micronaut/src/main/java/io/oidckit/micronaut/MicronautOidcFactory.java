package io.oidckit.micronaut;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.session.Session;
import io.micronaut.session.SessionSettings;
import io.micronaut.session.http.HeadersHttpSessionIdStrategy;
import io.micronaut.session.http.HttpSessionConfiguration;
import io.micronaut.session.http.HttpSessionIdStrategy;
import io.oidckit.OidcConfig;
import io.oidckit.web.RelyingParty;
import io.oidckit.settings.Naming;
import io.oidckit.settings.Setting;
import io.oidckit.settings.SettingsSource;
import io.oidckit.web.CookiePolicy;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The beans that configure Micronaut rather than answer requests. The {@link RelyingParty} is a {@link Context}
 * bean (a configuration problem stops start-up with the core's message; discovery starts at once in the background),
 * configured by the application's own {@link OidcConfig} or {@link RelyingParty} bean, else by {@link #config}.
 */
@Factory
final class MicronautOidcFactory {
    static final String BASE64_PROPERTY = "micronaut.session.http.base64-encode";
    private static final String VARIABLE_PREFIX = Setting.PREFIX.toUpperCase(Locale.ROOT) + "_";
    private static final System.Logger LOG = System.getLogger("io.oidckit.micronaut");

    @Singleton
    @Requires(missingBeans = OidcConfig.class)
    OidcConfig oidcConfig(Environment environment) {
        return config(environment, System.getenv());
    }

    @Context
    @Requires(missingBeans = RelyingParty.class)
    RelyingParty relyingParty(OidcConfig config) {
        RelyingParty rp = RelyingParty.create(config);
        rp.prefetch();
        return rp;
    }

    /**
     * Every setting of the core's table as {@code oidckit.} plus its key ({@code oidckit.http-timeout}), from any of
     * Micronaut's property sources (YAML lists are lists), then the contract's variable ({@code OIDC_HTTP_TIMEOUT}).
     * A key of a property source (or a variable) that looks like a setting but is none gets an OIDC104 warning.
     */
    static OidcConfig config(Environment environment, Map<String, String> variables) {
        List<String> keys = new ArrayList<>(); // as written, a variable by its name: for loose spellings and warnings
        for (PropertySource source : environment.getPropertySources()) source.forEach(keys::add);
        return OidcConfig.from(SettingsSource.of(Naming.PROPERTY,
                key -> environment.getProperty(property(key), Object.class).orElse(null), keys)
                .then(SettingsSource.of(variables, Naming.ENV)));
    }

    /** A key as Micronaut resolves it: a variable's name ({@code OIDCKIT_HTTP_TIMEOUT}) as its property's. */
    private static String property(String key) {
        return !key.startsWith(VARIABLE_PREFIX) ? key
                : Setting.PREFIX + "." + key.substring(VARIABLE_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * micronaut-session's cookie gets {@link RelyingParty#cookiePolicy()} whatever the configuration says (it always
     * has {@code HttpOnly}), and no Base64 unless set: a cookie that is not Base64 would make it answer 400, where the
     * contract treats it as no session (the ids are UUIDs).
     */
    @Singleton
    BeanCreatedEventListener<HttpSessionConfiguration> sessionCookie(BeanProvider<RelyingParty> rp, Environment environment) {
        return event -> {
            HttpSessionConfiguration cookie = event.getBean();
            CookiePolicy policy = rp.get().cookiePolicy();
            cookie.setCookieSecure(policy.secure());
            cookie.setCookieSameSite(sameSite(policy));
            cookie.setCookiePath(policy.path());
            if (cookie.getDomainName().isPresent()) {
                LOG.log(System.Logger.Level.WARNING, "micronaut.session.http.cookie-domain is ignored: the session "
                        + "cookie carries no Domain, so it never reaches sibling hosts");
                cookie.setDomainName(null);
            }
            if (!environment.containsProperty(BASE64_PROPERTY)) cookie.setBase64Encode(false);
            return cookie;
        };
    }

    static SameSite sameSite(CookiePolicy policy) {
        return SameSite.valueOf(policy.sameSite()); // Lax, Strict or None, spelled as both write them
    }

    /**
     * Replaces micronaut-session's header strategy unless {@code micronaut.session.http.header} is {@code true}: it
     * echoes the session id in an {@code Authorization-Info} header of every answer, where any script of the page
     * reads it from a {@code fetch} response (defeating {@code HttpOnly}), and takes one from {@code X-Auth-Token}.
     */
    @Singleton
    @Replaces(HeadersHttpSessionIdStrategy.class)
    @Requires(property = SessionSettings.HTTP_HEADER_STRATEGY, notEquals = "true")
    HttpSessionIdStrategy sessionIdInCookieOnly() {
        return new HttpSessionIdStrategy() {
            @Override public List<String> resolveIds(HttpRequest<?> request) { return List.of(); }
            @Override public void encodeId(HttpRequest<?> request, MutableHttpResponse<?> response, Session session) { }
        };
    }
}
