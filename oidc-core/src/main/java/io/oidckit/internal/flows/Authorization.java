package io.oidckit.internal.flows;

import io.oidckit.OidcUser;
import io.oidckit.Requirement;
import io.oidckit.internal.sessions.SessionKeys;
import io.oidckit.internal.sessions.UserCodec;
import io.oidckit.web.Outcome;
import io.oidckit.web.Pages;
import io.oidckit.web.WebRequest;
import io.oidckit.web.WebSession;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * The hot path: who is signed in, and may they see this route. No I/O and no cryptography: the ID token was
 * verified once, at login, and the stored user is decoded once per stored value ({@link UserCodec}).
 */
final class Authorization {
    private final Clock clock;
    private final UserCodec users;
    private final Answers answers;
    private final String loginPath;

    Authorization(Clock clock, UserCodec users, Answers answers, String loginPath) {
        this.clock = clock;
        this.users = users;
        this.answers = answers;
        this.loginPath = loginPath;
    }

    Optional<OidcUser> currentUser(WebSession session) {
        OidcUser user = users.read(session.get(SessionKeys.USER));
        if (user != null && clock.millis() / 1000 >= user.expiresAt()) {
            session.remove(SessionKeys.USER);
            session.remove(SessionKeys.ID_TOKEN);
            return Optional.empty();
        }
        return Optional.ofNullable(user);
    }

    Outcome authorize(WebRequest request, WebSession session, Requirement requirement) {
        OidcUser user = currentUser(session).orElse(null);
        boolean json = requirement.api() || Negotiation.wantsJson(request);
        if (user == null) {
            if (json) return new Outcome.Json(401, Answers.JSON_401, Pages.SECURE);
            String method = request.method().toUpperCase(Locale.ROOT);
            if (!method.equals("GET") && !method.equals("HEAD")) return answers.page(401);
            String target = request.path() + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
            return new Outcome.Redirect(loginPath + "?return_to=" + Answers.encode(target), Pages.NO_STORE);
        }
        if (!requirement.allows(user)) {
            return json ? new Outcome.Json(403, Answers.JSON_403, Pages.SECURE) : answers.page(403);
        }
        return new Outcome.Continue(user, Pages.NO_STORE);
    }
}
