package io.oidckit.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;

import java.security.Principal;
import java.util.TreeSet;

/** Plain Micronaut Security code: it knows nothing of oidckit. */
@Controller("/sec")
@Requires(property = MicronautTestApp.APP, value = "security")
class SecuredController {
    @Get(value = "/me", produces = MediaType.TEXT_PLAIN)
    @Secured(SecurityRule.IS_AUTHENTICATED)
    String me(Authentication authentication) {
        return authentication.getName() + " " + new TreeSet<>(authentication.getRoles()) + " "
                + authentication.getAttributes().get("email");
    }

    @Get(value = "/admin", produces = MediaType.TEXT_PLAIN)
    @Secured("admin")
    String admin(Principal principal) {
        return "admin " + principal.getName();
    }

    @Get(value = "/open", produces = MediaType.TEXT_PLAIN)
    @Secured(SecurityRule.IS_ANONYMOUS)
    String open() {
        return "open";
    }
}
