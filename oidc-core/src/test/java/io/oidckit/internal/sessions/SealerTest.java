package io.oidckit.internal.sessions;

import com.nimbusds.jose.CompressionAlgorithm;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectEncrypter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

@DisplayName("Sealed values (JWE dir/A256GCM under HKDF-derived keys)")
class SealerTest {
    static final String SECRET = "a-secret-of-more-than-thirty-two-characters";

    /** A JWE made with our own derived key and kid, but another header: the attacker's best case. */
    static String forge(JWEHeader.Builder header, String purpose) throws Exception {
        byte[] ikm = SECRET.getBytes(StandardCharsets.UTF_8);
        byte[] key = Sealer.hkdf(ikm, "oidckit/v1/" + purpose + "/A256GCM", 32);
        String kid = Base64.getUrlEncoder().withoutPadding().encodeToString(Sealer.hkdf(ikm, "oidckit/v1/" + purpose + "/kid", 6));
        JWEObject jwe = new JWEObject(header.keyID(kid).build(), new Payload("{\"a\":{}}"));
        jwe.encrypt(new DirectEncrypter(key));
        return jwe.serialize();
    }

    @Test
    @DisplayName("opens what it sealed; the same plaintext seals differently each time (a fresh IV)")
    void roundTrip() {
        Sealer s = new Sealer(List.of(SECRET), "session");
        String a = s.seal("hello"), b = s.seal("hello");
        assertNotEquals(a, b);
        assertEquals("hello", s.open(a));
    }

    @Test
    @DisplayName("only dir with A256GCM: the same key under A128CBC-HS256, or compressed, or with crit, does not open")
    void onlyOurHeader() throws Exception {
        Sealer s = new Sealer(List.of(SECRET), "session");
        // Sanity: the forgery with our exact header opens, so the refusals below are about the header alone.
        assertEquals("{\"a\":{}}", s.open(forge(new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM), "session")));
        assertNull(s.open(forge(new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A128CBC_HS256), "session")));
        assertNull(s.open(forge(new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
                .compressionAlgorithm(CompressionAlgorithm.DEF), "session")));
    }

    @Test
    @DisplayName("each purpose has its own keys: a pending login's value never opens as a session")
    void perPurpose() {
        assertNull(new Sealer(List.of(SECRET), "session").open(new Sealer(List.of(SECRET), "pending-login").seal("x")));
    }

    @Test
    @DisplayName("rotation: the first secret seals, every one opens; an unknown key or a changed byte opens nothing")
    void rotation() {
        String old = new Sealer(List.of(SECRET), "session").seal("x");
        Sealer both = new Sealer(List.of("new-" + SECRET, SECRET), "session");
        assertEquals("x", both.open(old));
        String fresh = both.seal("y");
        assertEquals("y", new Sealer(List.of("new-" + SECRET), "session").open(fresh));
        assertNull(new Sealer(List.of(SECRET), "session").open(fresh));
        char[] c = old.toCharArray();
        c[c.length - 3] = c[c.length - 3] == 'A' ? 'B' : 'A';
        assertNull(both.open(new String(c)));
        assertNull(both.open("not.a.jwe"));
        assertNull(both.open(""));
    }

    @Test
    @DisplayName("HKDF-SHA256 gives RFC 5869's test case 1 (Appendix A.1)")
    void hkdfVector() {
        byte[] ikm = new byte[22];
        java.util.Arrays.fill(ikm, (byte) 0x0b);
        byte[] okm = Sealer.hkdf(java.util.HexFormat.of().parseHex("000102030405060708090a0b0c"), ikm,
                java.util.HexFormat.of().parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                java.util.HexFormat.of().formatHex(okm));
    }
}
