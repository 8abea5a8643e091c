package io.oidckit.tck;

import io.oidckit.testprovider.Endpoint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's cases for what UserInfo brings (OpenID Connect Core 1.0 §5.3) and for text beyond ASCII: with the
 * default {@code OIDC_FETCH_USERINFO=auto} and the default scopes, claims that only UserInfo carries reach every page,
 * and every HTML and JSON answer is UTF-8 and says so.
 */
public interface UserInfoCases extends KitContext {

    @Test
    @DisplayName("UserInfo: a name and email only UserInfo carries reach the home page, the profile and api/me")
    default void userInfoOnlyClaims() {
        provider().user("quiet", Map.of());
        provider().userInfo(m -> { m.put("name", "Quinn UserInfo"); m.put("email", "quinn@example.com"); return m; });
        TckBrowser b = signedInAs("quiet");
        assertEquals(1, provider().calls(Endpoint.USERINFO));
        assertTrue(b.get(path("")).body().contains("Welcome Quinn UserInfo"));
        String profile = b.get(path("profile")).body();
        assertTrue(profile.contains("Quinn UserInfo") && profile.contains("quinn@example.com"), profile);
        assertEquals("{\"sub\":\"quiet\",\"name\":\"Quinn UserInfo\",\"email\":\"quinn@example.com\",\"roles\":[]}",
                b.get(path("api/me")).body());
    }

    @Test
    @DisplayName("UTF-8: a name like Zoë arrives intact in HTML and JSON, and every answer says charset=utf-8")
    default void utf8Everywhere() {
        provider().user("zoe", Map.of("name", "Zo\u00eb \u00c5ngstr\u00f6m \u2603", "email", "zoe@example.com"));
        TckBrowser b = signedInAs("zoe");
        for (String route : new String[] {"", "profile", "api/me"}) {
            TckBrowser.Response r = b.get(path(route));
            assertEquals(200, r.status(), route);
            assertTrue(r.body().contains("Zo\u00eb \u00c5ngstr\u00f6m \u2603"), route + ": " + r.body());
            assertUtf8(r, route);
        }
        assertUtf8(browser().get(path("api/me")), "401 JSON");
        assertUtf8(browser().get(path("auth/callback?state=x")), "400 page");
    }

    private static void assertUtf8(TckBrowser.Response r, String what) {
        String type = String.valueOf(r.header("Content-Type")).toLowerCase(java.util.Locale.ROOT).replace(" ", "");
        assertTrue(type.contains("charset=utf-8"), what + ": Content-Type " + type);
    }
}
