package io.oidckit.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import jakarta.inject.Singleton;

/**
 * Raises the Netty server's request-line limit from Micronaut's 4096 bytes to {@value #LINE_LIMIT}, unless
 * {@code micronaut.server.netty.max-initial-line-length} is set. The contract answers a callback whose parameters
 * are too long (each over 4 KiB) with the core's fixed 400 page; at 4096 bytes Netty would refuse such a request with
 * 413 before any filter could see it, and a real provider's long {@code code} plus {@code state} and {@code iss} can
 * come close to that limit.
 */
@Singleton
@Requires(classes = NettyHttpServerConfiguration.class)
final class MicronautNettyLineLimit implements BeanCreatedEventListener<NettyHttpServerConfiguration> {
    static final String PROPERTY = "micronaut.server.netty.max-initial-line-length";
    static final int LINE_LIMIT = 32 * 1024;
    private final Environment environment;

    MicronautNettyLineLimit(Environment environment) {
        this.environment = environment;
    }

    @Override
    public NettyHttpServerConfiguration onCreated(BeanCreatedEvent<NettyHttpServerConfiguration> event) {
        NettyHttpServerConfiguration netty = event.getBean();
        if (!environment.containsProperty(PROPERTY) && netty.getMaxInitialLineLength() < LINE_LIMIT) {
            netty.setMaxInitialLineLength(LINE_LIMIT);
        }
        return netty;
    }
}
