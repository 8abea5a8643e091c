package io.oidckit.jdk;

import io.oidckit.OidcConfig;
import io.oidckit.settings.Naming;
import io.oidckit.tck.SettingsKit;
import io.oidckit.tck.TckApp;
import org.junit.jupiter.api.DisplayName;

/**
 * The whole kit again under the base path {@code /app/}, with the adapter configured the way the README's app is:
 * from the contract's variables ({@code URL_BASE_PATHNAME=/app/}, {@code OIDC_SESSION_MODE=cookie} among them).
 */
@DisplayName("JDK HttpServer adapter, under the base path /app/, configured by the contract's variables")
class JdkAdapterBasePathCompatibilityTest extends JdkAdapterCompatibilityTest {
    @Override
    protected String basePath() {
        return "/app/";
    }

    @Override
    protected TckApp start(OidcConfig config, int port) throws Exception {
        OidcConfig fromVariables = OidcConfig.fromMap(SettingsKit.render(config, Naming.ENV));
        return JdkTckApp.start(JdkOidc.create(fromVariables), fromVariables.basePath(), port);
    }
}
