package io.oidckit;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import io.oidckit.testprovider.TestProvider;
import io.oidckit.web.Outcome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Client authentication at the token endpoint")
class ClientAuthenticationTest extends WithTestProvider {

    Outcome login(OidcConfig config) {
        Browser b = new Browser(Fixtures.rp(config, Clock.systemUTC()));
        return b.login();
    }

    @Test
    @DisplayName("client_secret_basic is the default")
    void basic() {
        provider.reset();
        assertInstanceOf(Outcome.Redirect.class, login(Fixtures.config(provider).build()));
        assertTrue(provider.lastTokenRequestAuthorization().startsWith("Basic "));
        assertNull(provider.lastTokenRequest().get("client_secret"));
    }

    @Test
    @DisplayName("client_secret_post sends the secret in the body")
    void post() {
        provider.reset().clientAuthMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        assertInstanceOf(Outcome.Redirect.class, login(Fixtures.config(provider)
                .clientAuthMethod(OidcConfig.ClientAuthMethod.CLIENT_SECRET_POST).build()));
        assertEquals(TestProvider.CLIENT_SECRET, provider.lastTokenRequest().get("client_secret"));
    }

    @Test
    @DisplayName("private_key_jwt signs a client assertion with the configured key")
    void privateKeyJwt() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("client-key-1").generate();
        provider.reset().clientAuthMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT).clientPublicKey(key.toPublicJWK());
        assertInstanceOf(Outcome.Redirect.class, login(Fixtures.config(provider).clientSecret(null)
                .clientAuthMethod(OidcConfig.ClientAuthMethod.PRIVATE_KEY_JWT).clientPrivateKeyJwk(key.toJSONString()).build()));
        assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", provider.lastTokenRequest().get("client_assertion_type"));
    }

    @Test
    @DisplayName("a method the provider does not accept ends in a 502, not a session")
    void mismatch() {
        provider.reset().clientAuthMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        Outcome o = login(Fixtures.config(provider).build());
        assertEquals(502, assertInstanceOf(Outcome.Page.class, o).status());
    }
}
