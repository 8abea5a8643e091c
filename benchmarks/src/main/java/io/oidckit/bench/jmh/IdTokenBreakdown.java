package io.oidckit.bench.jmh;

import com.nimbusds.jose.*; import com.nimbusds.jose.jwk.*; import com.nimbusds.jose.jwk.source.*; import com.nimbusds.jose.proc.*;
import com.nimbusds.jwt.*; import com.nimbusds.oauth2.sdk.id.*; import com.nimbusds.openid.connect.sdk.*; import com.nimbusds.openid.connect.sdk.validators.*;
import java.lang.management.*; import java.util.*;
/**
 * Profile evidence for item 1: where the core's extra CPU per ID token goes, by timing (thread CPU time, interleaved
 * blocks) the steps between a plain Nimbus {@code DefaultJWTProcessor} and the core: the OIDC SDK's
 * {@code IDTokenValidator} (which the core uses), its {@code IDTokenClaimsSet} conversion, and the core itself.
 * RS256. Usage: {@code IdTokenBreakdown OUT_TXT}.
 */
public final class IdTokenBreakdown {
  static ThreadMXBean T = ManagementFactory.getThreadMXBean(); static volatile Object sink;
  interface Op { Object run() throws Exception; }
  static long block(Op o, int n) throws Exception { long t=T.getCurrentThreadCpuTime(); for(int i=0;i<n;i++) sink=o.run(); return T.getCurrentThreadCpuTime()-t; }
  public static void main(String[] a) throws Exception {
    List<String> lines = new ArrayList<>();
    var f = IdTokenValidationBenchmark.Fixture.create(JWSAlgorithm.RS256);
    String iss = "http://127.0.0.1:9/issuer"; Nonce nonce = new Nonce(IdTokenValidationBenchmark.NONCE);
    JWKSet keys = JWKSet.parse(f.nimbus.getJWSKeySelector() instanceof JWSVerificationKeySelector<?> s ? ((ImmutableJWKSet<?>) s.getJWKSource()).getJWKSet().toString() : null);
    IDTokenValidator cached = new IDTokenValidator(new Issuer(iss), new ClientID("bench-client"), new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)), null);
    Map<String, Op> ops = new LinkedHashMap<>();
    ops.put("nimbus DefaultJWTProcessor", () -> f.nimbus.process(f.token, null));
    ops.put("core (IdTokenValidation)", () -> f.core.validate(f.token, IdTokenValidationBenchmark.NONCE));
    ops.put("IDTokenValidator, one instance", () -> cached.validate(JWTParser.parse(f.token), nonce));
    ops.put("IDTokenValidator, new per call", () -> new IDTokenValidator(new Issuer(iss), new ClientID("bench-client"), new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(keys)), null).validate(JWTParser.parse(f.token), nonce));
    ops.put("parse + JWTClaimsSet only", () -> ((SignedJWT) JWTParser.parse(f.token)).getJWTClaimsSet());
    ops.put("IDTokenClaimsSet from JWTClaimsSet", () -> new com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet(((SignedJWT) JWTParser.parse(f.token)).getJWTClaimsSet()));
    int n = 150;
    for (int w=0; w<8; w++) for (Op o: ops.values()) block(o, n);
    Map<String, List<Double>> us = new LinkedHashMap<>(); ops.keySet().forEach(k -> us.put(k, new ArrayList<>()));
    for (int r=0; r<20; r++) for (var e: ops.entrySet()) us.get(e.getKey()).add(block(e.getValue(), n)/1000.0/n);
    for (var e: us.entrySet()) { var l = e.getValue(); Collections.sort(l); lines.add(String.format(Locale.ROOT, "%-40s %7.1f us CPU/op (median of 20 blocks of %d)", e.getKey(), l.get(10), n)); }
    java.nio.file.Files.write(java.nio.file.Path.of(a[0]), lines);
    lines.forEach(System.out::println);
  }
}
