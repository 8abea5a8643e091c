package io.oidckit.examples.micronaut;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.oidckit.OidcUser;
import io.oidckit.web.RelyingParty;
import io.oidckit.examples.DemoPages;
import io.oidckit.web.Outcome;

/**
 * The demo's pages under the base path. Protection is the adapter's job (the demo's access rules), so the methods
 * only render; a non-nullable {@link OidcUser} parameter would protect a route by itself, too.
 */
@Controller("${" + MicronautExampleApp.BASE_PATH_PROPERTY + ":/}")
class DemoController {
    private final String base;

    DemoController(RelyingParty rp) {
        this.base = rp.config().basePath();
    }

    @Get(produces = MediaType.TEXT_HTML)
    String home(@Nullable OidcUser user) {
        return DemoPages.home(user, base);
    }

    @Get(value = "profile", produces = MediaType.TEXT_HTML)
    String profile(OidcUser user) {
        return DemoPages.profile(user, base);
    }

    @Get(value = "admin", produces = MediaType.TEXT_HTML)
    String admin(OidcUser user) {
        return DemoPages.admin(user, base);
    }

    @Get(value = "api/me", produces = MediaType.APPLICATION_JSON)
    String apiMe(OidcUser user) {
        return DemoPages.apiMe(user);
    }

    /** Any path no route matches: the core's 404 page with its headers, as in the other examples. */
    @Error(status = HttpStatus.NOT_FOUND, global = true)
    HttpResponse<String> notFound() {
        return response(DemoPages.notFound(base));
    }

    /** One of the core's fixed pages, whole: its status, every header, its type and its HTML. */
    static HttpResponse<String> response(Outcome.Page page) {
        MutableHttpResponse<String> response = HttpResponse.<String>status(HttpStatus.valueOf(page.status()))
                .contentType(page.contentType())
                .body(page.html());
        page.headers().forEach(response::header);
        return response;
    }
}
