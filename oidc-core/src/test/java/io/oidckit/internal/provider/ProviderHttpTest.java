package io.oidckit.internal.provider;

import io.oidckit.ErrorCode;
import io.oidckit.OidcConfig;
import io.oidckit.OidcException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.URI;
import java.nio.channels.UnresolvedAddressException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a failed provider call is told to a person. The JDK reports an unknown host as a bare ConnectException; no
 * test resolves a real name (tests only talk to loopback), so the JDK's exception is built here as it arrives.
 */
@DisplayName("Provider call failures, as the log tells them")
class ProviderHttpTest {
    private final ProviderHttp http = new ProviderHttp(OidcConfig.builder().authority("http://127.0.0.1:1")
            .clientId("c").clientSecret("s").redirectUri("http://127.0.0.1:8080/auth/callback").build());

    @Test
    @DisplayName("an unknown host says \"cannot resolve host\" and names it, not ConnectException")
    void unresolvedHost() {
        ConnectException fromJdk = new ConnectException();
        fromJdk.initCause(new UnresolvedAddressException());
        OidcException e = http.map(fromJdk, URI.create("https://login.example.invalid/.well-known/openid-configuration"));
        assertEquals(ErrorCode.PROVIDER_UNREACHABLE, e.code());
        assertTrue(e.getMessage().contains("cannot resolve host login.example.invalid"), e.getMessage());
        assertTrue(!e.getMessage().contains("ConnectException"), e.getMessage());
    }

    @Test
    @DisplayName("a refused connection still names the exception's kind")
    void refused() {
        OidcException e = http.map(new ConnectException("refused"), URI.create("http://127.0.0.1:1/x"));
        assertTrue(e.getMessage().contains("cannot reach http://127.0.0.1:1/x: ConnectException"), e.getMessage());
    }
}
