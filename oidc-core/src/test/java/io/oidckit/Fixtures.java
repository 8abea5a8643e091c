package io.oidckit;

import io.oidckit.web.RelyingParty;
import io.oidckit.testprovider.TestProvider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** Configuration and clocks shared by the core tests. */
final class Fixtures {
    static final String REDIRECT = "http://127.0.0.1:8080/auth/callback";

    private Fixtures() {
    }

    static OidcConfig.Builder config(TestProvider provider) {
        return bare(provider)
                .protect("profile")
                .protect("admin/**", Requirement.anyRole("admin"))
                .protect("api/**", Requirement.authenticated().asApi());
    }

    /** {@link #config} without its access rules. */
    static OidcConfig.Builder bare(TestProvider provider) {
        return OidcConfig.builder()
                .authority(provider.issuer())
                .clientId(TestProvider.CLIENT_ID)
                .clientSecret(TestProvider.CLIENT_SECRET)
                .redirectUri(REDIRECT)
                .connectTimeout(Duration.ofSeconds(2))
                .responseTimeout(Duration.ofSeconds(2))
                .retryBackoff(Duration.ZERO, Duration.ZERO);
    }

    static RelyingParty rp(OidcConfig config, Clock clock) {
        return RelyingParty.builder(config).clock(clock).build();
    }

    /** A clock tests can move forward. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
