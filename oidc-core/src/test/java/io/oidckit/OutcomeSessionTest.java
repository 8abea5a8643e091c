package io.oidckit;

import io.oidckit.web.Outcome;
import io.oidckit.web.SessionChange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What the core tells adapters beyond the answer itself: the session change, route requirements, warm-up. */
@DisplayName("What an outcome tells the adapter")
class OutcomeSessionTest extends WithTestProvider {
    Fixtures.MovableClock clock;
    RelyingParty rp;
    Browser browser;

    @BeforeEach
    void fresh() {
        provider.reset();
        clock = new Fixtures.MovableClock();
        rp = Fixtures.rp(Fixtures.config(provider).build(), clock);
        browser = new Browser(rp);
    }

    @Test
    @DisplayName("a completed login says who signed in; the redirect to the provider and a public page say nothing")
    void signedIn() {
        assertEquals(SessionChange.NONE, browser.get(rp.loginPath()).session());
        Outcome back = browser.login();
        SessionChange.SignedIn in = assertInstanceOf(SessionChange.SignedIn.class, back.session());
        assertEquals("alice", in.user().subject());
        assertEquals(SessionChange.NONE, browser.get("/").session());
    }

    @Test
    @DisplayName("logout of a signed-in user says signed out; an anonymous logout says nothing")
    void signedOut() {
        assertEquals(SessionChange.NONE, new Browser(rp).get(rp.logoutPath()).session());
        browser.login();
        assertEquals(SessionChange.SIGNED_OUT, browser.get(rp.logoutPath()).session());
    }

    @Test
    @DisplayName("a session past its lifetime says signed out, on a public route and on a protected one")
    void expired() {
        browser.login();
        Browser other = new Browser(rp);
        other.login();
        clock.advance(Duration.ofHours(8).plusSeconds(1));
        Outcome.Continue home = assertInstanceOf(Outcome.Continue.class, browser.get("/"));
        assertNull(home.user());
        assertEquals(SessionChange.SIGNED_OUT, home.session());
        assertEquals(SessionChange.NONE, browser.get("/").session(), "said once");
        assertEquals(SessionChange.SIGNED_OUT, other.get("/profile").session());
    }

    @Test
    @DisplayName("a route's own requirement is checked with the configured rules, in one answer")
    void routeRequirement() {
        provider.loginAs("bob");
        browser.login();
        Requirement admin = Requirement.anyRole("admin");
        assertEquals(403, ((Outcome.Page) handle("/somewhere-public", admin)).status());
        assertEquals(403, ((Outcome.Page) handle("/profile", admin)).status(), "on top of the rule, never instead");
        assertInstanceOf(Outcome.Continue.class, handle("/profile", Requirement.authenticated()));
        Browser anonymous = new Browser(rp);
        assertInstanceOf(Outcome.Continue.class, anonymous.get("/somewhere-public"));
        assertEquals(401, ((Outcome.Json) rp.handle(anonymous.request("GET", "/x"), anonymous.session,
                Requirement.authenticated().asApi()).toCompletableFuture().join()).status());
    }

    private Outcome handle(String path, Requirement requirement) {
        return rp.handle(browser.request("GET", path), browser.session, requirement).toCompletableFuture().join();
    }

    @Test
    @DisplayName("warm-up answers a login for nobody, and completes also while the provider is down")
    void warmUp() throws Exception {
        rp.warmUp().toCompletableFuture().get(10, TimeUnit.SECONDS);
        provider.down();
        try {
            RelyingParty cold = Fixtures.rp(Fixtures.config(provider).build(), clock);
            cold.warmUp().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            provider.up();
        }
    }
}
