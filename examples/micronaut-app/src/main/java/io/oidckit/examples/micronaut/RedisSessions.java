package io.oidckit.examples.micronaut;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.Delay;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.configuration.lettuce.ClientResourcesMutator;
import io.oidckit.web.Outcome;
import io.oidckit.web.RelyingParty;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Micronaut's Redis sessions (micronaut-redis-lettuce), on only when {@code REDIS_URL} is set:
 * {@link #properties(String)} are what {@link MicronautExampleApp} then adds. The rest tunes Lettuce for a request
 * that must not hang while Redis is away, and answers a session store failure with the core's 503 page.
 */
final class RedisSessions {
    private RedisSessions() {}

    static final String ENABLED = "micronaut.session.http.redis.enabled";

    /**
     * The properties of the Redis mode: the server, micronaut-session's Redis store instead of the in-memory one,
     * values as JSON (the core stores short strings only; the default would be Java serialization), and no keyspace
     * events (they only serve session listeners, which the demo has none of; enabling them needs the CONFIG
     * command, which managed Redis services often refuse).
     */
    static Map<String, Object> properties(String redisUrl) {
        return Map.of(
                "redis.uri", redisUrl,
                ENABLED, true,
                "micronaut.session.http.redis.value-serializer", "io.micronaut.jackson.serialize.JacksonObjectSerializer",
                "micronaut.session.http.redis.enable-keyspace-events", false);
    }

    @Factory
    @Requires(property = ENABLED, value = "true")
    static final class Lettuce {
        /**
         * Lettuce queues commands while disconnected, until the command timeout (a minute by default): a request
         * would hang instead of getting the 503 page. Rejected at once instead; and no command waits over 2 s.
         */
        @Singleton
        BeanCreatedEventListener<RedisClient> failFast() {
            return event -> {
                RedisClient client = event.getBean();
                client.setOptions(ClientOptions.builder()
                        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                        .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
                        .build());
                return client;
            };
        }

        /** Lettuce's default backoff grows to 30 s between reconnects; sessions should come back soon after Redis. */
        @Singleton
        ClientResourcesMutator reconnectSoon() {
            return (resources, config) -> resources.reconnectDelay(
                    Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * A session that could not be read or saved (Redis down): the core's 503 page, as when the provider is down,
     * instead of Micronaut's bare 500.
     */
    @Singleton
    @Requires(property = ENABLED, value = "true")
    @Produces
    static final class StoreDown implements ExceptionHandler<RedisException, HttpResponse<?>> {
        private static final System.Logger LOG = System.getLogger("io.oidckit.examples.micronaut");
        private final String base;

        StoreDown(RelyingParty rp) {
            this.base = rp.config().basePath();
        }

        @Override
        @SuppressWarnings("rawtypes") // as the interface declares it
        public HttpResponse<?> handle(HttpRequest request, RedisException exception) {
            LOG.log(System.Logger.Level.WARNING, "the session store failed; answering 503: " + exception);
            return DemoController.response(Outcome.errorPage(503, base));
        }
    }
}
