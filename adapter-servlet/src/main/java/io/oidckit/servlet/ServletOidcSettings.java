package io.oidckit.servlet;

import io.oidckit.OidcConfig;
import io.oidckit.settings.Naming;
import io.oidckit.settings.SettingsSource;
import jakarta.servlet.FilterConfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of a {@link ServletOidcFilter} configured by the container (web.xml, {@code @WebFilter}), through
 * the core's table: its init-params, each named like the contract's environment variable
 * ({@code OIDC_HTTP_TIMEOUT}) or like the property ({@code oidckit.http-timeout}), over the environment. No setting
 * is named here; the core spells them all, and warns (OIDC104) about an init-param or variable that looks like a
 * setting but is none.
 */
final class ServletOidcSettings {
    private ServletOidcSettings() {
    }

    /** The configuration, as the filter builds it in {@code init} when it was given none. */
    static OidcConfig config(FilterConfig filterConfig, Map<String, String> environment) {
        return OidcConfig.from(source(filterConfig, environment));
    }

    /** The init-params by either name, then {@code environment} by the contract's names. */
    static SettingsSource source(FilterConfig filterConfig, Map<String, String> environment) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : Collections.list(filterConfig.getInitParameterNames())) {
            params.put(name, filterConfig.getInitParameter(name));
        }
        return SettingsSource.of(params, Naming.ENV, Naming.PROPERTY).then(SettingsSource.of(environment, Naming.ENV));
    }
}
