package io.oidckit.internal;

import java.net.InetAddress;

/** Which hosts may be reached over plain {@code http}: only loopback, where traffic never leaves the machine. */
public final class Hosts {
    private Hosts() {
    }

    /** {@code localhost}, a literal in 127.0.0.0/8, or {@code [::1]}. Names other than localhost are never trusted. */
    public static boolean isLoopback(String host) {
        if (host == null) return false;
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) return true;
        if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || h.contains(":")) {
            try {
                // A literal address: no lookup happens.
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (Exception e) {
                return false;
            }
        }
        return false;
    }
}
