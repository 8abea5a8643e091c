package io.oidckit;

import io.oidckit.web.RelyingParty;
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
    @DisplayName("every answer renders with one branch: status, headers (a redirect's Location too), type and body")
    void answersAlike() {
        Outcome.Answer redirect = assertInstanceOf(Outcome.Redirect.class, new Browser(rp).get(rp.loginPath()));
        assertEquals(302, redirect.status());
        assertEquals(((Outcome.Redirect) redirect).location(), redirect.headers().get("Location"));
        assertEquals("no-store", redirect.headers().get("Cache-Control"));
        assertNull(redirect.contentType(), "no body");
        assertEquals("", redirect.body());
        Outcome.Answer page = assertInstanceOf(Outcome.Page.class, new Browser(rp).get(rp.callbackPath() + "?code=x&state=y"));
        assertEquals(400, page.status());
        assertEquals("text/html; charset=utf-8", page.contentType());
        assertEquals(((Outcome.Page) page).html(), page.body());
        Outcome.Answer json = assertInstanceOf(Outcome.Json.class, rp.handle(browser.request("GET", "/api/me"),
                browser.session, Requirement.authenticated().asApi()).toCompletableFuture().join());
        assertEquals(401, json.status());
        assertEquals("application/json; charset=utf-8", json.contentType());
        Outcome.Redirect moved = new Outcome.Redirect("/a", java.util.Map.of("Location", "/elsewhere", "X", "1"));
        assertEquals("/a", moved.headers().get("Location"), "the location given wins over a header of that name");
        assertEquals("/a", moved.with(SessionChange.SIGNED_OUT).headers().get("Location"));
    }

    @Test
    @DisplayName("a request from its parts, and the user's profile claims by claim name")
    void parts() {
        var request = io.oidckit.web.WebRequest.of("GET", "/a%20b", "x=1", name -> name.equalsIgnoreCase("accept") ? "text/html" : null);
        assertEquals("GET", request.method());
        assertEquals("/a%20b", request.path());
        assertEquals("x=1", request.rawQuery());
        assertEquals("text/html", request.header("Accept"));
        assertNull(request.header("Cookie"));
        OidcUser user = new OidcUser("u1", "Zoë", null, "zoe", java.util.Set.of(), 1, 2);
        assertEquals(java.util.Map.of("name", "Zoë", "preferred_username", "zoe"), user.profile());
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
