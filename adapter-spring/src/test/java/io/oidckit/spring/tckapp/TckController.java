package io.oidckit.spring.tckapp;

import io.oidckit.OidcUser;
import io.oidckit.tck.TckPages;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The kit's four routes, written the way a Spring MVC user would: the user as a controller argument, optional on
 * the public home page. Protection comes from the configured rules, not from here.
 */
@RestController
public class TckController {
    private static final String HTML = "text/html;charset=UTF-8";

    @GetMapping(value = "/", produces = HTML)
    public String home(@Nullable OidcUser user) {
        return TckPages.home(user, "/");
    }

    @GetMapping(value = "/profile", produces = HTML)
    public String profile(OidcUser user) {
        return TckPages.profile(user);
    }

    @GetMapping(value = "/admin", produces = HTML)
    public String admin(OidcUser user) {
        return TckPages.admin(user);
    }

    @GetMapping(value = "/api/me", produces = "application/json")
    public String apiMe(OidcUser user) {
        return TckPages.apiMe(user);
    }
}
