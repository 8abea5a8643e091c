package io.oidckit.vertx;

import io.oidckit.OidcUser;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authorization.Authorization;
import io.vertx.ext.auth.authorization.AuthorizationProvider;
import io.vertx.ext.auth.authorization.RoleBasedAuthorization;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@link OidcUser} as a Vert.x {@link User}: the principal holds {@code sub}, the profile claims and
 * {@code roles}; the attributes {@code iat} and {@code exp} (so {@link User#expired()} agrees with the core) and an
 * {@value #PROVIDER_ID} marker; the roles are {@link RoleBasedAuthorization}s under the provider id
 * {@value #PROVIDER_ID}, so {@code AuthorizationHandler.create(RoleBasedAuthorization.create("admin"))} works.
 */
final class VertxUsers implements AuthorizationProvider {
    static final String PROVIDER_ID = "oidckit";
    static final VertxUsers PROVIDER = new VertxUsers();

    private VertxUsers() {}

    static User toVertx(OidcUser u) {
        JsonObject principal = new JsonObject(new HashMap<>(u.profile())).put("sub", u.subject())
                .put("roles", new JsonArray(u.roles().stream().sorted().toList()));
        JsonObject attributes = new JsonObject()
                .put("iat", u.authenticatedAt())
                .put("exp", u.expiresAt())
                .put(PROVIDER_ID, new JsonObject().put("authenticated_at", u.authenticatedAt()));
        User user = User.create(principal, attributes);
        user.authorizations().put(PROVIDER_ID, roles(user));
        return user;
    }

    /** Whether {@code user} was made by {@link #toVertx}, as opposed to another authentication handler. */
    static boolean isOurs(User user) {
        return user != null && user.attributes() != null && user.attributes().getValue(PROVIDER_ID) instanceof JsonObject;
    }

    /** Whether {@code user} is this very login of {@code oidcUser}: same subject, same login time. */
    static boolean represents(User user, OidcUser oidcUser) {
        if (!isOurs(user)) return false;
        Long at = user.attributes().getJsonObject(PROVIDER_ID).getLong("authenticated_at");
        return oidcUser.subject().equals(user.principal().getString("sub")) && at != null && at == oidcUser.authenticatedAt();
    }

    private static Set<Authorization> roles(User user) {
        Set<Authorization> roles = new LinkedHashSet<>();
        JsonArray names = user.principal().getJsonArray("roles");
        if (names != null) {
            for (Object name : names) {
                if (name instanceof String s) roles.add(RoleBasedAuthorization.create(s));
            }
        }
        return roles;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    /**
     * Fills in the roles of a user of ours whose authorizations were lost on the way, for example through a session
     * store that keeps the principal only. Users of other authentication handlers are left alone.
     */
    @Override
    public Future<Void> getAuthorizations(User user) {
        if (isOurs(user)) user.authorizations().put(PROVIDER_ID, roles(user));
        return Future.succeededFuture();
    }
}
