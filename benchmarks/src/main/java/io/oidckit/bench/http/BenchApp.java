package io.oidckit.bench.http;

import io.oidckit.OidcConfig;
import io.oidckit.testprovider.TestProvider;

/**
 * One web framework's minimal benchmark app. Every implementation serves, on {@code 127.0.0.1:port}:
 * <ul>
 *   <li>{@code GET /open/hello}: the route with no sign-in machinery in front of it at all (the baseline);</li>
 *   <li>{@code GET /p/hello}: the same handler, protected (any signed-in user);</li>
 *   <li>{@code GET /pub/hello} (optional, oidckit apps only): the same handler behind the sign-in layer but public;</li>
 *   <li>whatever routes its login flow needs (for oidckit: {@code /auth/login}, {@code /auth/callback}).</li>
 * </ul>
 * Every hello route answers 200 with the same small body ({@link #BODY}).
 *
 * <p>Apps are found by class name ({@link BenchApps}), so an adapter's app is added by putting its class on the
 * classpath: nothing here depends on frameworks other than the servlet one.
 */
public interface BenchApp {
    String BODY = "<html><body><p>hello</p></body></html>";

    /** Short name, for example {@code servlet}. */
    String name();

    /**
     * For an app that uses the framework's own OIDC support instead of oidckit: the {@link #name()} of the oidckit
     * app it is compared with; {@code null} for oidckit apps.
     */
    default String nativeOf() {
        return null;
    }

    /**
     * Starts the app. {@code config} is the oidckit configuration (redirect URI on {@code port}, {@code p/**}
     * protected); apps using the framework's own OIDC client configure it from {@code provider} instead
     * ({@link TestProvider#issuer()}, {@link TestProvider#CLIENT_ID}, {@link TestProvider#CLIENT_SECRET}).
     */
    Running start(OidcConfig config, TestProvider provider, int port) throws Exception;

    /** A running app. */
    interface Running extends AutoCloseable {
        @Override
        void close() throws Exception;

        /**
         * Sizes of the server-side sessions that hold a signed-in user, as the framework's session store would
         * persist or replicate them (bytes); empty when the app cannot tell.
         */
        default java.util.List<Integer> signedInSessionSizes() {
            return java.util.List.of();
        }
    }
}
