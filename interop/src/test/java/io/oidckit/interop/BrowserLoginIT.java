package io.oidckit.interop;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.oidckit.interop.Steps.check;

/**
 * What a person does, in a real (headless) Chromium against the real Keycloak: click "Sign in with OIDC", type
 * the password into Keycloak's page, see the welcome, open admin, log out. Pages, redirects and cookies are
 * the browser's, so SameSite, cookie paths and the redirect chain are tested as they will be used.
 *
 * <p>Every step leaves a screenshot in target/screenshots/EXAMPLE/NN-user-step.png; a failed step leaves
 * 99-user-failed-STEP.png and .html with what the browser showed.
 */
@ExtendWith(InteropSuite.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES) // the first test also waits for Keycloak (up to 4 min)
class BrowserLoginIT {

    static Stream<String> examples() {
        return InteropSettings.examples().stream();
    }

    @ParameterizedTest(name = "[{0}] in Chromium: alice signs in, opens admin, logs out")
    @MethodSource("examples")
    void aliceInTheBrowser(String example) {
        ExampleApp app = startApp(example, "alice");
        try (BrowserSession b = BrowserSession.open(example, "alice")) {
            Steps s = steps(example, "alice", b);
            String base = app.base().toString();
            KeycloakServer kc = InteropSuite.keycloak();

            s.run("01 open home", () -> {
                b.open(base);
                b.awaitText("Please log in");
                b.screenshot("01-alice-home");
            });
            s.run("02 click Sign in with OIDC", () -> {
                b.find(By.linkText("Sign in with OIDC")).click();
                b.awaitUrlStartsWith(kc.issuer() + "/");
                b.find(By.id("username"));
                b.screenshot("02-alice-keycloak-login");
            });
            s.run("03 fill Keycloak's login form", () -> {
                b.find(By.id("username")).sendKeys("alice");
                b.find(By.id("password")).sendKeys(KeycloakServer.ALICE_PASSWORD);
                b.screenshot("03-alice-credentials");
                b.find(By.id("kc-login")).click();
            });
            s.run("04 see Welcome Alice Admin", () -> {
                b.awaitUrlStartsWith(base);
                b.awaitText("Welcome Alice Admin");
                b.screenshot("04-alice-welcome");
            });
            s.run("05 open admin (200)", () -> {
                b.find(By.linkText("Admin")).click();
                b.awaitUrlStartsWith(base + "admin");
                b.until(d -> b.navigationStatus() > 0 ? Boolean.TRUE : null, "the admin page to load");
                long status = b.navigationStatus();
                check(status == 200, "admin answered " + status + ", expected 200; the page shows: "
                        + b.bodyText().replaceAll("\\s+", " "));
                b.awaitText("admin role");
                b.screenshot("05-alice-admin");
            });
            s.run("06 log out", () -> {
                b.open(base);
                b.find(By.linkText("Logout")).click();
                confirmKeycloakLogoutIfAsked(b, kc, "06-alice-keycloak-logout-confirm");
                b.awaitUrlStartsWith(base);
                b.awaitText("Please log in");
                b.screenshot("06-alice-logged-out");
            });
            s.run("07 anonymous again: admin leads to Keycloak's password form", () -> {
                b.open(base + "admin");
                b.awaitUrlStartsWith(kc.issuer() + "/");
                b.find(By.id("password"));
                b.screenshot("07-alice-admin-after-logout");
            });
        }
    }

    @ParameterizedTest(name = "[{0}] in Chromium: bob signs in and sees the access-denied page")
    @MethodSource("examples")
    void bobInTheBrowser(String example) {
        ExampleApp app = startApp(example, "bob");
        try (BrowserSession b = BrowserSession.open(example, "bob")) {
            Steps s = steps(example, "bob", b);
            String base = app.base().toString();
            KeycloakServer kc = InteropSuite.keycloak();

            s.run("11 open home", () -> {
                b.open(base);
                b.awaitText("Please log in");
                b.screenshot("11-bob-home");
            });
            s.run("12 sign in at Keycloak", () -> {
                b.find(By.linkText("Sign in with OIDC")).click();
                b.awaitUrlStartsWith(kc.issuer() + "/");
                b.find(By.id("username")).sendKeys("bob");
                b.find(By.id("password")).sendKeys(KeycloakServer.BOB_PASSWORD);
                b.screenshot("12-bob-credentials");
                b.find(By.id("kc-login")).click();
            });
            s.run("13 see Welcome Bob Builder", () -> {
                b.awaitUrlStartsWith(base);
                b.awaitText("Welcome Bob Builder");
                b.screenshot("13-bob-welcome");
            });
            s.run("14 open admin: access denied (403)", () -> {
                b.find(By.linkText("Admin")).click();
                b.awaitUrlStartsWith(base + "admin");
                // Whichever page the app renders, status first: a wrong 200 should say so, not time out.
                b.until(d -> b.navigationStatus() > 0 ? Boolean.TRUE : null, "the admin page to load");
                long status = b.navigationStatus();
                check(status == 403, "admin answered " + status + " to bob, expected 403; the page shows: "
                        + b.bodyText().replaceAll("\\s+", " "));
                b.awaitText("Access denied");
                b.screenshot("14-bob-access-denied");
            });
            s.run("15 log out", () -> {
                b.open(base);
                b.find(By.linkText("Logout")).click();
                confirmKeycloakLogoutIfAsked(b, kc, "15-bob-keycloak-logout-confirm");
                b.awaitUrlStartsWith(base);
                b.awaitText("Please log in");
                b.screenshot("15-bob-logged-out");
            });
        }
    }

    /**
     * Keycloak logs out at once when the request carries a valid id_token_hint; without one it shows a confirmation
     * page. Both are correct provider behaviour, so the person's click is made when the page appears.
     */
    private static void confirmKeycloakLogoutIfAsked(BrowserSession b, KeycloakServer kc, String screenshot) {
        String where = b.until(d -> {
            String url = d.getCurrentUrl();
            if (url == null) return null;
            if (!url.startsWith(kc.issuer() + "/")) return "app";
            return d.findElements(By.id("kc-logout")).isEmpty() ? null : "confirm";
        }, "the end of Keycloak's logout");
        if (where.equals("confirm")) {
            b.screenshot(screenshot);
            b.find(By.id("kc-logout")).click();
        }
    }

    private static ExampleApp startApp(String example, String user) {
        return new Steps(example, user + " (browser)", () -> InteropSuite.evidence(example), step -> {
        }).step("start the app against Keycloak", () -> InteropSuite.app(example));
    }

    private static Steps steps(String example, String user, BrowserSession b) {
        return new Steps(example, user + " (browser)",
                () -> "browser at " + safeUrl(b) + System.lineSeparator() + InteropSuite.evidence(example),
                step -> b.saveFailure("99-" + user + "-failed-at-"
                        + step.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "")));
    }

    private static String safeUrl(BrowserSession b) {
        try {
            return b.currentUrl();
        } catch (RuntimeException e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }
}
