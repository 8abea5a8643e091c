package io.oidckit.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.session.http.HttpSessionFilter;
import io.oidckit.OidcUser;
import io.oidckit.Requirement;

/** Routes protected the Micronaut way: by annotation and by the user parameter, with no configured rule. */
@Controller("/idiom")
@Requires(property = MicronautTestApp.APP, value = "idiom")
class IdiomController {
    @Get(value = "/open", produces = MediaType.TEXT_PLAIN)
    String open(@Nullable OidcUser user) {
        return user == null ? "anonymous" : "hello " + user.subject();
    }

    @Get(value = "/me", produces = MediaType.TEXT_PLAIN)
    String me(OidcUser user) {
        return "me " + user.subject() + " " + user.email();
    }

    @Get(value = "/admin", produces = MediaType.TEXT_PLAIN)
    @OidcRequireRole("admin")
    String admin() {
        return "admin area";
    }

    @Get(value = "/api-admin", produces = MediaType.APPLICATION_JSON)
    @OidcRequireRole(value = "admin", api = true)
    String apiAdmin() {
        return "{\"admin\":true}";
    }

    /** A token or the session; says whether micronaut-session's filter ran (it marks every request it sees). */
    @Get(value = "/probe", produces = MediaType.TEXT_PLAIN)
    @OidcRequireRole(credential = Requirement.Credential.BEARER_OR_SESSION)
    String probe(HttpRequest<?> request, OidcUser user) {
        return (request.getAttribute(HttpSessionFilter.class.getName()).isPresent() ? "session " : "no session ") + user.subject();
    }

    /** Protected by the configured rule {@code idiom/principal}; reads the user as the request principal. */
    @Get(value = "/principal", produces = MediaType.TEXT_PLAIN)
    String principal(HttpRequest<?> request) {
        return "principal " + request.getUserPrincipal(OidcUser.class).map(OidcUser::getName).orElse("none");
    }
}

/** A class-level requirement, which a method annotation replaces. */
@Controller("/staff")
@Requires(property = MicronautTestApp.APP, value = "idiom")
@OidcRequireRole({"staff", "manager"})
class StaffController {
    @Get(value = "/desk", produces = MediaType.TEXT_PLAIN)
    String desk(OidcUser user) {
        return "desk of " + user.subject();
    }

    @Get(value = "/lobby", produces = MediaType.TEXT_PLAIN)
    @OidcRequireRole("admin")
    String lobby() {
        return "lobby";
    }
}
