package io.oidckit.spring.tckapp;

import io.oidckit.OidcUser;
import io.oidckit.tck.TckPages;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The kit's four routes, written the way a Spring MVC user would: the user as a controller argument, optional on
 * the public home page. Protection comes from the configured rules, not from here. The routes live below the
 * app's base path, the property {@value #BASE_PATH_PROPERTY} (default {@code /}), which the tests set to the
 * configured {@code oidckit} base path.
 */
@RestController
@RequestMapping("${" + TckController.BASE_PATH_PROPERTY + ":/}")
public class TckController {
    /** The property holding the base path {@code B} the routes are mapped below, for example {@code /app/}. */
    public static final String BASE_PATH_PROPERTY = "tck.base-path";
    private static final String HTML = "text/html;charset=UTF-8";

    private final String basePath;

    public TckController(@Value("${" + BASE_PATH_PROPERTY + ":/}") String basePath) {
        this.basePath = basePath;
    }

    @GetMapping(produces = HTML)
    public String home(@Nullable OidcUser user) {
        return TckPages.home(user, basePath);
    }

    @GetMapping(value = "profile", produces = HTML)
    public String profile(OidcUser user) {
        return TckPages.profile(user);
    }

    @GetMapping(value = "admin", produces = HTML)
    public String admin(OidcUser user) {
        return TckPages.admin(user);
    }

    @GetMapping(value = "api/me", produces = "application/json")
    public String apiMe(OidcUser user) {
        return TckPages.apiMe(user);
    }

    @GetMapping(value = "api/token", produces = "application/json")
    public String apiToken(OidcUser user) {
        return TckPages.apiToken(user);
    }
}
