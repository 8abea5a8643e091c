package io.oidckit.examples.spring;

import io.oidckit.OidcUser;
import io.oidckit.examples.DemoPages;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo's pages. Protection is configuration ({@code oidckit.protect}); here the user is simply a controller
 * argument, optional only on the public home page.
 */
@RestController
public class DemoController {
    private static final String HTML = "text/html;charset=UTF-8";

    private final String base;

    public DemoController(@Value("${demo.base-path:/}") String base) {
        this.base = base;
    }

    @GetMapping(value = "${demo.base-path:/}", produces = HTML)
    public String home(@Nullable OidcUser user) {
        return DemoPages.home(user, base);
    }

    @GetMapping(value = "${demo.base-path:/}profile", produces = HTML)
    public String profile(OidcUser user) {
        return DemoPages.profile(user, base);
    }

    @GetMapping(value = {"${demo.base-path:/}admin", "${demo.base-path:/}admin/"}, produces = HTML)
    public String admin(OidcUser user) {
        return DemoPages.admin(user, base);
    }

    @GetMapping(value = "${demo.base-path:/}api/me", produces = "application/json")
    public String apiMe(OidcUser user) {
        return DemoPages.apiMe(user);
    }
}
