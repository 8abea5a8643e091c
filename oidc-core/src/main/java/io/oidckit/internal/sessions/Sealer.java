package io.oidckit.internal.sessions;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Encrypts what the browser keeps for us (the session, pending logins) as compact JWE, {@code dir} with
 * {@code A256GCM} (RFC 7516, RFC 7518 §4.5, §5.3), under keys derived from {@code OIDC_SESSION_SECRET} by HKDF-SHA256
 * (RFC 5869). Authenticated encryption: a value changed by one bit does not open.
 *
 * <p>The setting may hold several secrets; the first seals and every one opens, so a new secret goes first and the
 * old one stays until the cookies it sealed have expired: keys rotate without signing anyone out. Each key has a
 * {@code kid} derived with it, so opening tries one key, not all of them. Each purpose (session, pending login)
 * has its own keys, so one kind of cookie can never be passed off as the other.
 */
public final class Sealer {
    /** Longer than any value we seal (the session is at most 2 cookies); anything longer is not ours. */
    private static final int MAX_SEALED = 16_384;
    private static final byte[] SALT = "oidckit session secret".getBytes(StandardCharsets.UTF_8);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private record Key(String kid, DirectEncrypter encrypter, DirectDecrypter decrypter) {
    }

    private final List<Key> keys;

    /** Keys for {@code purpose} from each of {@code secrets}, the first sealing. */
    public Sealer(List<String> secrets, String purpose) {
        Objects.requireNonNull(secrets, "secrets");
        List<Key> list = new ArrayList<>();
        for (String secret : secrets) {
            byte[] ikm = secret.getBytes(StandardCharsets.UTF_8);
            byte[] key = hkdf(ikm, "oidckit/v1/" + purpose + "/A256GCM", 32);
            String kid = B64.encodeToString(hkdf(ikm, "oidckit/v1/" + purpose + "/kid", 6));
            try {
                list.add(new Key(kid, new DirectEncrypter(key), new DirectDecrypter(key)));
            } catch (JOSEException e) {
                throw new IllegalStateException("a 256-bit key is refused: " + e.getMessage(), e);
            }
        }
        if (list.isEmpty()) throw new IllegalArgumentException("no secret");
        this.keys = List.copyOf(list);
    }

    /** {@code plaintext} sealed under the first key. */
    public String seal(String plaintext) {
        Key k = keys.get(0);
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM).keyID(k.kid).build(),
                new Payload(plaintext));
        try {
            jwe.encrypt(k.encrypter);
        } catch (JOSEException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getMessage(), e);
        }
        return jwe.serialize();
    }

    /**
     * What {@link #seal} sealed, or {@code null} for anything else: malformed, tampered with, sealed under a key we
     * do not have (a secret since removed), or with any other algorithm or header than ours.
     */
    public String open(String sealed) {
        if (sealed == null || sealed.isEmpty() || sealed.length() > MAX_SEALED) return null;
        try {
            JWEObject jwe = JWEObject.parse(sealed);
            JWEHeader h = jwe.getHeader();
            // Exactly our header: no other enc (A128CBC-HS256 also fits a 256-bit key), no compression, no crit.
            if (!JWEAlgorithm.DIR.equals(h.getAlgorithm()) || !EncryptionMethod.A256GCM.equals(h.getEncryptionMethod())
                    || h.getCompressionAlgorithm() != null || h.getCriticalParams() != null) {
                return null;
            }
            Key k = key(h.getKeyID());
            if (k == null) return null;
            jwe.decrypt(k.decrypter);
            return jwe.getPayload().toString();
        } catch (java.text.ParseException | JOSEException | RuntimeException e) {
            return null;
        }
    }

    private Key key(String kid) {
        if (kid == null) return null;
        for (Key k : keys) {
            if (k.kid.equals(kid)) return k;
        }
        return null;
    }

    /** HKDF-SHA256 (RFC 5869 §2.2-2.3): extract with our fixed salt, then expand for {@code info}. */
    public static byte[] hkdf(byte[] ikm, String info, int length) {
        return hkdf(SALT, ikm, info.getBytes(StandardCharsets.UTF_8), length);
    }

    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] infoBytes, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            for (int done = 0, i = 1; done < length; i++) {
                mac.update(t);
                mac.update(infoBytes);
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(t.length, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
