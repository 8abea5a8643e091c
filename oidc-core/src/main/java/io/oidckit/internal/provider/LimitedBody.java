package io.oidckit.internal.provider;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body as UTF-8 text, but gives up (and cancels the transfer) as soon as more than
 * {@code limit} bytes have arrived, so a hostile or broken provider cannot make the app buffer without bound.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<String> {

    /** Thrown (as the body's failure) when the answer is over the limit. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("response larger than " + limit + " bytes", null, false, false);
        }
    }

    private final long limit;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private final List<ByteBuffer> parts = new ArrayList<>();
    private long received;
    private Flow.Subscription subscription;

    private LimitedBody(long limit) {
        this.limit = limit;
    }

    static HttpResponse.BodyHandler<String> handler(long limit) {
        return info -> {
            long declared = info.headers().firstValueAsLong("content-length").orElse(-1L);
            LimitedBody body = new LimitedBody(limit);
            if (declared > limit) body.result.completeExceptionally(new TooLarge(limit));
            return body;
        };
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (result.isDone()) {
            s.cancel();
        } else {
            s.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) return;
        for (ByteBuffer b : items) {
            received += b.remaining();
            if (received > limit) {
                subscription.cancel();
                parts.clear();
                result.completeExceptionally(new TooLarge(limit));
                return;
            }
            parts.add(b);
        }
    }

    @Override
    public void onError(Throwable t) {
        parts.clear();
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        if (result.isDone()) return;
        byte[] all = new byte[(int) received];
        int at = 0;
        for (ByteBuffer b : parts) {
            int n = b.remaining();
            b.get(all, at, n);
            at += n;
        }
        parts.clear();
        result.complete(new String(all, StandardCharsets.UTF_8));
    }

    @Override
    public CompletionStage<String> getBody() {
        return result;
    }
}
