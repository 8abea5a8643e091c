package io.oidckit.tck;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.oidckit.OidcConfig;
import io.oidckit.settings.Naming;
import io.oidckit.settings.Setting;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * For an adapter's configuration tests: every row of the {@link Setting} table must reach the {@link OidcConfig}
 * from the adapter's own configuration. A parameterised test over {@code Setting.values()} writes
 * {@link #withExample(Setting)} the adapter's way ({@link #written}), builds the configuration as the adapter does
 * at start-up, and calls {@link #assertCarries}. {@link #render} writes a whole configuration the adapter's way,
 * so the compatibility kit can run against an app configured like a user's.
 */
public final class SettingsKit {
    /** One key for every test of a JVM, so that two readings of {@link #withExample} agree. */
    private static final String PRIVATE_KEY = privateKey();

    private SettingsKit() {
    }

    /** The required settings, on loopback: the base every example is laid over. */
    public static Map<Setting, String> base() {
        Map<Setting, String> m = new EnumMap<>(Setting.class);
        m.put(Setting.OIDC_AUTHORITY, "http://127.0.0.1:9/realms/main");
        m.put(Setting.OIDC_CLIENT_ID, "app");
        m.put(Setting.OIDC_CLIENT_SECRET, "a-client-secret");
        m.put(Setting.OIDC_REDIRECT_URI, "http://127.0.0.1:8080/auth/callback");
        return m;
    }

    /**
     * {@link #base()} with the table's example of {@code setting}, which is not its default, and what the example
     * needs: the static endpoints for {@code OIDC_SKIP_DISCOVERY=true}, a secret for cookie mode, and a fresh EC key for
     * {@code OIDC_CLIENT_PRIVATE_KEY} (the table writes no key down).
     */
    public static Map<Setting, String> withExample(Setting setting) {
        Map<Setting, String> m = base();
        if (setting == Setting.OIDC_CLIENT_PRIVATE_KEY) {
            m.put(setting, PRIVATE_KEY);
            return m;
        }
        m.put(setting, setting.example());
        // Cookie mode needs a secret (OIDC101 otherwise).
        if (setting == Setting.OIDC_SESSION_MODE) m.put(Setting.OIDC_SESSION_SECRET, Setting.OIDC_SESSION_SECRET.example());
        if (setting == Setting.OIDC_SKIP_DISCOVERY) {
            for (Setting e : EnumSet.of(Setting.OIDC_AUTHORIZATION_ENDPOINT, Setting.OIDC_TOKEN_ENDPOINT, Setting.OIDC_JWKS_URI)) {
                m.put(e, e.example());
            }
        }
        return m;
    }

    /** {@code settings} keyed as {@code naming} writes them: {@code oidckit.http-timeout}, {@code httpTimeout}. */
    public static Map<String, String> written(Map<Setting, String> settings, Naming naming) {
        Map<String, String> m = new LinkedHashMap<>();
        settings.forEach((s, v) -> m.put(naming.keyOf(s), v));
        return m;
    }

    /**
     * {@code config}, which an adapter built from {@link #withExample(Setting) withExample(setting)}, holds the
     * example's value exactly as the contract's environment variables would give it, and that is not the default.
     */
    public static void assertCarries(Setting setting, OidcConfig config) {
        OidcConfig fromEnvironment = OidcConfig.fromMap(written(withExample(setting), Naming.ENV));
        OidcConfig plain = OidcConfig.fromMap(written(base(), Naming.ENV));
        assertEquals(fromEnvironment.text(setting), config.text(setting), setting + " from the adapter's configuration");
        assertNotEquals(plain.text(setting), config.text(setting), setting + " still has its default");
    }

    /**
     * Every setting of {@code config} that has a value, written as {@code naming} would, so that reading the
     * result gives {@code config} again (for the compatibility kit's apps, configured the adapter's own way).
     */
    public static Map<String, String> render(OidcConfig config, Naming naming) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            String text = config.text(s);
            if (text != null && !text.isEmpty()) m.put(naming.keyOf(s), text);
        }
        return m;
    }

    private static String privateKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("kit").generate().toJSONString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
