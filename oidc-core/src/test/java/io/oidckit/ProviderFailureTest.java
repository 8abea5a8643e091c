package io.oidckit;

import io.oidckit.web.RelyingParty;
import io.oidckit.testprovider.Endpoint;
import io.oidckit.web.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A provider that is down, slow or wrong")
class ProviderFailureTest extends WithTestProvider {
    RelyingParty rp;
    Browser browser;

    @BeforeEach
    void fresh() {
        provider.reset();
        rp = Fixtures.rp(Fixtures.config(provider).build(), Clock.systemUTC());
        browser = new Browser(rp);
    }

    int status(Outcome o) {
        return assertInstanceOf(Outcome.Page.class, o).status();
    }

    @Nested
    @DisplayName("unreachable")
    class Unreachable {
        @Test
        @DisplayName("a relying party can be created while the provider is down")
        void startsWhileDown() {
            provider.down();
            RelyingParty created = RelyingParty.create(Fixtures.config(provider).build());
            created.prefetch();
            assertInstanceOf(Outcome.Continue.class, new Browser(created).get("/"));
        }

        @Test
        @DisplayName("login answers 503 while the provider is down and works again once it is back, without a restart")
        void downAndBack() {
            provider.down();
            assertEquals(503, status(browser.get(rp.loginPath())));
            provider.up();
            assertInstanceOf(Outcome.Redirect.class, browser.login());
            assertTrue(rp.currentUser(browser.session).isPresent());
        }

        @Test
        @DisplayName("failed loads back off: calls in the backoff window get the last error without reaching the provider")
        void backoff() {
            rp = Fixtures.rp(Fixtures.config(provider).retryBackoff(Duration.ofMinutes(5), Duration.ofMinutes(5)).build(),
                    Clock.systemUTC());
            browser = new Browser(rp);
            provider.respond(Endpoint.DISCOVERY, 503, "text/plain", "down for maintenance");
            for (int i = 0; i < 5; i++) assertEquals(503, status(browser.get(rp.loginPath())));
            assertEquals(1, provider.calls(Endpoint.DISCOVERY));
        }

        @Test
        @DisplayName("the token endpoint going down mid-login is a 503")
        void tokenEndpointDown() {
            java.net.URI uri = browser.startLogin(null);
            String back = browser.authorize(uri);
            provider.down();
            try {
                assertEquals(503, status(browser.get(back)));
                assertTrue(rp.currentUser(browser.session).isEmpty());
            } finally {
                provider.up();
            }
        }
    }

    @Nested
    @DisplayName("slow")
    class Slow {
        @Test
        @DisplayName("discovery that never answers is a 503 within the configured timeout")
        void stalledDiscovery() {
            provider.stall(Endpoint.DISCOVERY, Duration.ofSeconds(30));
            long start = System.nanoTime();
            assertEquals(503, status(browser.get(rp.loginPath())));
            long ms = (System.nanoTime() - start) / 1_000_000;
            // Configured at 2 s; the bound here only proves the call is not left hanging for the 30 s stall.
            assertTrue(ms < 20_000, "took " + ms + " ms");
        }

        @Test
        @DisplayName("a token endpoint that never answers is a 503, not retried within the request")
        void stalledToken() {
            String back = browser.authorize(browser.startLogin(null));
            provider.stall(Endpoint.TOKEN, Duration.ofSeconds(30));
            assertEquals(503, status(browser.get(back)));
            assertEquals(1, provider.calls(Endpoint.TOKEN));
            assertTrue(rp.currentUser(browser.session).isEmpty());
        }
    }

    @Nested
    @DisplayName("wrong")
    class Wrong {
        @Test
        @DisplayName("a malformed discovery document is a 502")
        void malformedDiscovery() {
            provider.respond(Endpoint.DISCOVERY, 200, "application/json", "{\"issuer\": ");
            assertEquals(502, status(browser.get(rp.loginPath())));
        }

        @Test
        @DisplayName("a discovery document naming another issuer is a 502")
        void wrongIssuer() {
            provider.discovery(m -> { m.put("issuer", "https://attacker.example"); return m; });
            assertEquals(502, status(browser.get(rp.loginPath())));
        }

        @Test
        @DisplayName("a discovery document pointing the token endpoint at plain http off loopback is a 502")
        void insecureEndpoint() {
            provider.discovery(m -> { m.put("token_endpoint", "http://token.example/token"); return m; });
            assertEquals(502, status(browser.get(rp.loginPath())));
        }

        @Test
        @DisplayName("a valid answer over the size limit is a 502 (announced by Content-Length)")
        void tooLarge() throws Exception {
            provider.respond(Endpoint.DISCOVERY, 200, "application/json", paddedDiscovery());
            assertEquals(502, status(browser.get(rp.loginPath())));
        }

        @Test
        @DisplayName("a valid answer over the size limit is a 502 also when streamed without Content-Length")
        void tooLargeChunked() throws Exception {
            provider.respondChunked(Endpoint.DISCOVERY, 200, "application/json", paddedDiscovery());
            assertEquals(502, status(browser.get(rp.loginPath())));
        }

        @Test
        @DisplayName("an answer whose body trickles in is cut off at the whole-answer timeout: 503")
        void trickle() throws Exception {
            provider.trickle(Endpoint.DISCOVERY, 200, "application/json", fetch("/.well-known/openid-configuration"),
                    Duration.ofMillis(200));
            long start = System.nanoTime();
            assertEquals(503, status(browser.get(rp.loginPath())));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 20_000, "took " + ms + " ms");
        }

        @Test
        @DisplayName("a redirect from the provider is not followed, even to a place that would answer correctly: 502")
        void redirectNotFollowed() throws Exception {
            String jwks = fetch("/jwks");
            com.sun.net.httpserver.HttpServer elsewhere = com.sun.net.httpserver.HttpServer.create(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
            elsewhere.createContext("/jwks", ex -> {
                byte[] b = jwks.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
                ex.close();
            });
            elsewhere.start();
            try {
                provider.respond(Endpoint.JWKS, 302, "text/plain", "moved", java.util.Map.of("Location",
                        "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/jwks"));
                assertEquals(502, status(browser.login()));
                assertTrue(rp.currentUser(browser.session).isEmpty());
            } finally {
                elsewhere.stop(0);
            }
        }

        @Test
        @DisplayName("a token endpoint error is a 502")
        void tokenError() {
            String back = browser.authorize(browser.startLogin(null));
            provider.respond(Endpoint.TOKEN, 400, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":\"<b>x</b>\"}");
            assertEquals(502, status(browser.get(back)));
            assertTrue(rp.currentUser(browser.session).isEmpty());
        }

        @Test
        @DisplayName("malformed token JSON is a 502")
        void malformedToken() {
            String back = browser.authorize(browser.startLogin(null));
            provider.respond(Endpoint.TOKEN, 200, "application/json", "{not json");
            assertEquals(502, status(browser.get(back)));
        }

        @Test
        @DisplayName("a token answer without id_token is a 502")
        void noIdToken() {
            String back = browser.authorize(browser.startLogin(null));
            provider.respond(Endpoint.TOKEN, 200, "application/json", "{\"access_token\":\"a\",\"token_type\":\"Bearer\"}");
            assertEquals(502, status(browser.get(back)));
        }

        @Test
        @DisplayName("a JWKS with no usable key is a 502")
        void noUsableKeys() {
            browser.get(rp.loginPath()); // metadata first, JWKS broken afterwards
            provider.respond(Endpoint.JWKS, 200, "application/json", "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AAAA\"}]}");
            Browser b = new Browser(Fixtures.rp(Fixtures.config(provider).build(), Clock.systemUTC()));
            assertEquals(502, status(b.login()));
        }
    }

    static String fetch(String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(provider.uri(path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The real discovery document, still valid, padded past the 1 MiB limit. */
    static String paddedDiscovery() throws Exception {
        String doc = fetch("/.well-known/openid-configuration");
        return doc.substring(0, doc.lastIndexOf('}')) + ",\"padding\":\"" + "a".repeat(1024 * 1024) + "\"}";
    }

    @Test
    @DisplayName("a stale cache is served while the provider fails (stale-while-error)")
    void staleWhileError() {
        Fixtures.MovableClock clock = new Fixtures.MovableClock();
        rp = Fixtures.rp(Fixtures.config(provider).cacheTtl(Duration.ofMinutes(1)).build(), clock);
        browser = new Browser(rp);
        browser.login();
        provider.down();
        try {
            clock.advance(Duration.ofMinutes(5));
            // Metadata is stale and the provider is down: the cached copy still builds the login redirect.
            assertInstanceOf(Outcome.Redirect.class, browser.get(rp.loginPath()));
        } finally {
            provider.up();
        }
    }
}
