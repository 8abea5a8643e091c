package io.oidckit.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.oidckit.OidcUser;
import io.oidckit.web.RelyingParty;
import io.oidckit.tck.TckPages;

/**
 * The kit's four routes, below the base path {@code B}: the property {@value MicronautTestApp#BASE_PATH}, which
 * {@link MicronautAdapterCompatibilityTest} sets to the configured base path. Protection comes from the
 * configuration's access rules, as the kit requires.
 */
@Controller("${" + MicronautTestApp.BASE_PATH + ":/}")
@Requires(property = MicronautTestApp.APP, value = "tck")
class TckController {
    private final String basePath;

    TckController(RelyingParty rp) {
        this.basePath = rp.config().basePath();
    }

    @Get(produces = MediaType.TEXT_HTML)
    String home(@Nullable OidcUser user) {
        return TckPages.home(user, basePath);
    }

    @Get(value = "/profile", produces = MediaType.TEXT_HTML)
    String profile(OidcUser user) {
        return TckPages.profile(user);
    }

    @Get(value = "/admin", produces = MediaType.TEXT_HTML)
    String admin(OidcUser user) {
        return TckPages.admin(user);
    }

    @Get(value = "/api/me", produces = MediaType.APPLICATION_JSON)
    String apiMe(OidcUser user) {
        return TckPages.apiMe(user);
    }

    @Get(value = "/api/token", produces = MediaType.APPLICATION_JSON)
    String apiToken(OidcUser user) {
        return TckPages.apiToken(user);
    }
}
