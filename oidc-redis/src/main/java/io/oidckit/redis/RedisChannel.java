package io.oidckit.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.oidckit.ReplicaChannel;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What the replicas of one app share in Redis ({@code OIDC_REDIS_URL}), found by the core through
 * {@code ServiceLoader}: the revocations in a sorted set {@code oidckit:revocations:NAMESPACE} scored by when each
 * was stored (so a replica reads what it missed since a moment, and what is older than a session's lifetime is
 * trimmed) and the pub/sub channel {@code oidckit:revocations:NAMESPACE:live}, which tells every replica at once;
 * short-lived values as plain keys {@code oidckit:values:NAMESPACE:KEY} with a time to live ({@code SET NX PX}).
 *
 * <p>Nothing here waits: every command is asynchronous with a {@link #COMMAND_TIMEOUT}, commands are refused at once
 * while the connection is down (never queued behind it), and a connection that could not be made is tried again by
 * the next command, at most once per {@link #RECONNECT_EVERY}. Lettuce reconnects an established connection itself,
 * and subscribes again.
 */
public final class RedisChannel implements ReplicaChannel.Factory {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    static final Duration RECONNECT_EVERY = Duration.ofSeconds(1);

    /** For {@code ServiceLoader}. */
    public RedisChannel() {
    }

    @Override
    public boolean accepts(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("redis") || scheme.equals("rediss");
    }

    @Override
    public ReplicaChannel open(URI url, String namespace, Consumer<String> received) {
        return new Channel(RedisURI.create(url), namespace, received);
    }

    /** One app's revocations: a command connection and a subscription, each made again when lost. */
    private static final class Channel implements ReplicaChannel {
        private final RedisClient client;
        private final RedisURI uri;
        private final String key;
        private final String live;
        private final String values;
        private final Consumer<String> received;
        private volatile CompletableFuture<StatefulRedisConnection<String, String>> commands;
        private volatile CompletableFuture<StatefulRedisPubSubConnection<String, String>> subscription;
        private volatile long lastAttempt;

        Channel(RedisURI uri, String namespace, Consumer<String> received) {
            uri.setTimeout(COMMAND_TIMEOUT);
            this.uri = uri;
            this.client = RedisClient.create();
            client.setOptions(ClientOptions.builder()
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                    .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).build())
                    .build());
            this.key = "oidckit:revocations:" + namespace;
            this.live = key + ":live";
            this.values = "oidckit:values:" + namespace + ":";
            this.received = received;
            connect();
        }

        /** Makes whichever connection is missing, asynchronously; a failed one is dropped, to be made again later. */
        private synchronized void connect() {
            lastAttempt = System.nanoTime();
            if (commands == null) {
                CompletableFuture<StatefulRedisConnection<String, String>> c =
                        client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture();
                commands = c;
                c.whenComplete((conn, failure) -> {
                    if (failure != null) forgetCommands(c);
                });
            }
            if (subscription == null) {
                CompletableFuture<StatefulRedisPubSubConnection<String, String>> s =
                        client.connectPubSubAsync(StringCodec.UTF8, uri).toCompletableFuture();
                subscription = s;
                s.thenCompose(conn -> {
                    conn.addListener(new RedisPubSubAdapter<>() {
                        @Override
                        public void message(String channel, String message) {
                            if (live.equals(channel)) received.accept(message);
                        }
                    });
                    return conn.async().subscribe(live).toCompletableFuture();
                }).whenComplete((ok, failure) -> {
                    if (failure != null) forgetSubscription(s);
                });
            }
        }

        private synchronized void forgetCommands(CompletableFuture<StatefulRedisConnection<String, String>> c) {
            if (commands == c) commands = null;
        }

        private synchronized void forgetSubscription(CompletableFuture<StatefulRedisPubSubConnection<String, String>> s) {
            if (subscription == s) {
                subscription = null;
                s.thenAccept(StatefulRedisPubSubConnection::closeAsync);
            }
        }

        /** The command connection once made; a missing one is made again when the last attempt is old enough. */
        private CompletableFuture<StatefulRedisConnection<String, String>> connection() {
            if ((commands == null || subscription == null)
                    && System.nanoTime() - lastAttempt >= RECONNECT_EVERY.toNanos()) {
                connect();
            }
            CompletableFuture<StatefulRedisConnection<String, String>> c = commands;
            return c != null ? c : CompletableFuture.failedFuture(new java.io.IOException("Redis is not connected"));
        }

        @Override
        public CompletionStage<Void> publish(String revocation, long keepSeconds) {
            long now = System.currentTimeMillis() / 1000;
            return connection().thenCompose(conn -> conn.async().zadd(key, (double) now, revocation).toCompletableFuture()
                    .thenCompose(added -> conn.async().zremrangebyscore(key, Range.create(0, (double) (now - keepSeconds)))
                            .toCompletableFuture())
                    .thenCompose(trimmed -> conn.async().expire(key, keepSeconds).toCompletableFuture())
                    .thenCompose(set -> conn.async().publish(live, revocation).toCompletableFuture()))
                    .thenApply(listeners -> null);
        }

        @Override
        public CompletionStage<List<String>> since(long epochSeconds) {
            return connection().thenCompose(conn -> conn.async()
                    .zrangebyscore(key, Range.create((double) epochSeconds, Double.POSITIVE_INFINITY)).toCompletableFuture());
        }

        @Override
        public CompletionStage<Boolean> claim(String name, String value, long millis) {
            return connection().thenCompose(conn -> conn.async()
                    .set(values + name, value, SetArgs.Builder.nx().px(millis)).toCompletableFuture())
                    .thenApply("OK"::equals);
        }

        @Override
        public CompletionStage<Void> put(String name, String value, long millis) {
            return connection().thenCompose(conn -> conn.async()
                    .set(values + name, value, SetArgs.Builder.px(millis)).toCompletableFuture()).thenApply(ok -> null);
        }

        @Override
        public CompletionStage<String> get(String name) {
            return connection().thenCompose(conn -> conn.async().get(values + name).toCompletableFuture());
        }

        @Override
        public CompletionStage<Void> remove(String name) {
            return connection().thenCompose(conn -> conn.async().del(values + name).toCompletableFuture()).thenApply(n -> null);
        }

        @Override
        public void close() {
            CompletableFuture<StatefulRedisConnection<String, String>> c = commands;
            CompletableFuture<StatefulRedisPubSubConnection<String, String>> s = subscription;
            if (c != null) c.thenAccept(StatefulRedisConnection::closeAsync);
            if (s != null) s.thenAccept(StatefulRedisPubSubConnection::closeAsync);
            client.shutdownAsync();
        }
    }
}
