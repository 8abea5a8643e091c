package io.oidckit.internal.flows;

import io.oidckit.internal.provider.RefreshedTokens;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One refresh per refresh token across the replicas: the replica that takes the short lock makes the call, and its
 * answer is kept for the others, which wait for it instead of spending the same (rotated) refresh token again.
 */
interface RefreshShare {
    /** {@code call}'s answer, or the one another replica got for the same {@code refreshToken}. */
    CompletionStage<RefreshedTokens> once(String refreshToken, Supplier<CompletionStage<RefreshedTokens>> call);
}
