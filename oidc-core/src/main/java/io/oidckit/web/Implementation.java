package io.oidckit.web;

import io.oidckit.ErrorCode;

import java.util.Iterator;
import java.util.ServiceLoader;

/** Finds oidc-core's {@link RelyingParty.Factory}, once, from the class loader that loaded the port. */
final class Implementation {
    private static volatile RelyingParty.Factory found;

    private Implementation() {
    }

    /** Not cached when missing: each build says the same clear line, never a bare class-initialisation error. */
    static RelyingParty.Factory factory() {
        RelyingParty.Factory f = found;
        if (f != null) return f;
        Iterator<RelyingParty.Factory> providers =
                ServiceLoader.load(RelyingParty.Factory.class, RelyingParty.class.getClassLoader()).iterator();
        if (!providers.hasNext()) {
            throw new IllegalStateException(ErrorCode.PACKAGING.code() + " oidc-core's META-INF/services/"
                    + RelyingParty.Factory.class.getName() + " is missing: a fat jar must merge service files (with "
                    + "the shade plugin, its ServicesResourceTransformer)");
        }
        found = f = providers.next();
        return f;
    }
}
