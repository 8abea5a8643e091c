package io.oidckit.bench.jmh;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.oidckit.OidcConfig;
import io.oidckit.internal.tokens.IdTokenValidation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Item 1: one ID token validated by the core's callback verifier ({@link IdTokenValidation}, the same code path
 * as a login) and by a plain Nimbus {@link DefaultJWTProcessor} set up for the same key, algorithm and checks
 * (signature with the key chosen by {@code kid}/{@code alg} from the same JWKS, {@code iss}, {@code aud}, {@code exp},
 * {@code iat}, {@code sub}, {@code nonce}). Ratio = core ops/s ÷ Nimbus ops/s, target ≥ 0.95.
 *
 * <p>The token is valid for an hour, so it stays valid through the whole run; both sides parse the compact string
 * on every call, as a callback does. The benchmarks {@code core} and {@code nimbus} run one after the other; the
 * group {@code pair} runs both at once on two threads ({@code pairCore}, {@code pairNimbus}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class IdTokenValidationBenchmark {
    static final String ISSUER = "http://127.0.0.1:9/issuer";
    static final String CLIENT_ID = "bench-client";
    public static final String NONCE = "n-0S6_WzA2Mj-bench-nonce-value-0123456789abcdef";

    @Param({"RS256", "ES256"})
    public String alg;

    String token;
    IdTokenValidation core;
    DefaultJWTProcessor<SecurityContext> nimbus;

    @Setup
    public void setUp() throws Exception {
        Fixture f = Fixture.create(JWSAlgorithm.parse(alg));
        token = f.token;
        core = f.core;
        nimbus = f.nimbus;
    }

    /*
     * Side by side: one thread validates with the core while another validates with Nimbus, at the same time, so
     * both see the same background load (this machine's CPU is shared). The ratio of the two threads' throughputs
     * is the run's primary figure; the sequential pair above is the classic cross-check.
     */
    @Benchmark
    @Group("pair")
    @GroupThreads(1)
    public Map<String, Object> pairCore() {
        return core.validate(token, NONCE);
    }

    @Benchmark
    @Group("pair")
    @GroupThreads(1)
    public JWTClaimsSet pairNimbus() throws Exception {
        return nimbus.process(token, null);
    }

    @Benchmark
    public Map<String, Object> core() {
        return core.validate(token, NONCE);
    }

    @Benchmark
    public JWTClaimsSet nimbus() throws Exception {
        return nimbus.process(token, null);
    }

    /** The token and both validators, shared with the smoke test (which checks both accept the token). */
    public static final class Fixture {
        public final String token;
        public final IdTokenValidation core;
        public final DefaultJWTProcessor<SecurityContext> nimbus;

        private Fixture(String token, IdTokenValidation core, DefaultJWTProcessor<SecurityContext> nimbus) {
            this.token = token;
            this.core = core;
            this.nimbus = nimbus;
        }

        public static Fixture create(JWSAlgorithm alg) throws Exception {
            RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-1").algorithm(JWSAlgorithm.RS256)
                    .keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE).generate();
            ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").algorithm(JWSAlgorithm.ES256)
                    .keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE).generate();
            // The JWKS as the provider publishes it: both public keys.
            JWKSet jwks = new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK()));

            long now = System.currentTimeMillis() / 1000;
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(ISSUER).subject("alice").audience(List.of(CLIENT_ID))
                    .expirationTime(new Date((now + 3600) * 1000)).issueTime(new Date(now * 1000))
                    .claim("auth_time", now).claim("nonce", NONCE)
                    .claim("name", "Alice Admin").claim("email", "alice@example.com")
                    .claim("groups", List.of("admin"))
                    .build();
            boolean isEc = JWSAlgorithm.ES256.equals(alg);
            JWSHeader header = new JWSHeader.Builder(alg).keyID(isEc ? "ec-1" : "rsa-1").type(JOSEObjectType.JWT).build();
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(isEc ? new ECDSASigner(ec) : new RSASSASigner(rsa));
            String token = jwt.serialize();

            OidcConfig config = OidcConfig.builder()
                    .authority(ISSUER).clientId(CLIENT_ID).clientSecret("bench-secret-0123456789-0123456789")
                    .redirectUri("http://127.0.0.1:9/auth/callback")
                    .idTokenSigningAlgs(Set.of("RS256", "ES256"))
                    .build();
            IdTokenValidation core = new IdTokenValidation(config, ISSUER, jwks);

            DefaultJWTProcessor<SecurityContext> nimbus = new DefaultJWTProcessor<>();
            nimbus.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
            nimbus.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                    new ImmutableJWKSet<>(jwks)));
            DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier = new DefaultJWTClaimsVerifier<>(
                    CLIENT_ID,
                    new JWTClaimsSet.Builder().issuer(ISSUER).claim("nonce", NONCE).build(),
                    Set.of("sub", "iat", "exp"));
            claimsVerifier.setMaxClockSkew(60);
            nimbus.setJWTClaimsSetVerifier(claimsVerifier);
            return new Fixture(token, core, nimbus);
        }
    }
}
