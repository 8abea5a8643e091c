package io.oidckit.internal.flows;

import io.oidckit.OidcUser;
import io.oidckit.Requirement;
import io.oidckit.internal.sessions.Revocations;
import io.oidckit.internal.sessions.SessionKeys;
import io.oidckit.internal.sessions.UserCodec;
import io.oidckit.web.Outcome;
import io.oidckit.web.Pages;
import io.oidckit.web.SessionChange;
import io.oidckit.web.WebRequest;
import io.oidckit.web.WebSession;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
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
    private final Revocations revocations;

    /** The session's user, and whether it was there but past its lifetime (and so has just been removed). */
    private record Read(OidcUser user, boolean expired) {
        Outcome say(Outcome o) {
            return expired ? o.with(SessionChange.SIGNED_OUT) : o;
        }
    }

    Authorization(Clock clock, UserCodec users, Answers answers, String loginPath, Revocations revocations) {
        this.revocations = revocations;
        this.clock = clock;
        this.users = users;
        this.answers = answers;
        this.loginPath = loginPath;
    }

    private Read read(WebSession session) {
        OidcUser user = users.read(session.get(SessionKeys.USER));
        // Past its lifetime, or ended by the provider (a back-channel or front-channel logout): gone from the session.
        if (user != null && (clock.millis() / 1000 >= user.expiresAt() || revocations.ended(user))) {
            session.remove(SessionKeys.USER);
            session.remove(SessionKeys.ID_TOKEN);
            return new Read(null, true);
        }
        return new Read(user, false);
    }

    Optional<OidcUser> currentUser(WebSession session) {
        return Optional.ofNullable(read(session).user());
    }

    /** A public route: on to the application, with the user if there is one (then {@code no-store}). */
    Outcome proceed(WebSession session) {
        Read r = read(session);
        return r.say(new Outcome.Continue(r.user(), r.user() == null ? Map.of() : Pages.NO_STORE));
    }

    Outcome authorize(WebRequest request, WebSession session, Requirement requirement) {
        Read r = read(session);
        return r.say(decide(request, r.user(), requirement));
    }

    /**
     * {@code first} (the configured rule), then {@code then} (the route's own requirement, may be {@code null}) on top,
     * both for one read of the session: a logout that arrives between two reads cannot make the second answer for
     * a user the first one saw (a JSON route's rule saying 200 and the route then redirecting to the login).
     */
    Outcome authorize(WebRequest request, WebSession session, Requirement first, Requirement then) {
        Read r = read(session);
        Outcome o = decide(request, r.user(), first);
        if (then != null && o instanceof Outcome.Continue) o = decide(request, r.user(), then);
        return r.say(o);
    }

    private Outcome decide(WebRequest request, OidcUser user, Requirement requirement) {
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
