package io.oidckit.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import jakarta.inject.Singleton;

/**
 * Raises Netty's request-line limit from 4096 bytes to {@value #LINE_LIMIT} unless
 * {@code micronaut.server.netty.max-initial-line-length} is set: a real provider's long {@code code} with
 * {@code state} and {@code iss} comes close to 4096, and the core, not Netty's 413, answers a callback that is too long.
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
