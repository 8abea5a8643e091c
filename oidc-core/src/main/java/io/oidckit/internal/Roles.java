package io.oidckit.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Roles from the configured claim: a name or a dotted path, holding a JSON array of strings or one string. */
public final class Roles {
    private Roles() {
    }

    public static Set<String> from(Map<String, Object> claims, String path) {
        Object at = claims.get(path); // a claim whose own name contains dots wins over the path reading
        if (at == null) {
            at = claims;
            for (String step : path.split("\\.")) {
                if (!(at instanceof Map<?, ?> m)) return Set.of();
                at = m.get(step);
            }
        }
        Set<String> roles = new LinkedHashSet<>();
        if (at instanceof String s && !s.isBlank()) {
            roles.add(s);
        } else if (at instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s && !s.isBlank()) roles.add(s);
            }
        }
        return roles;
    }
}
