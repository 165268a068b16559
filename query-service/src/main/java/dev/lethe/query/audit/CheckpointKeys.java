package dev.lethe.query.audit;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Ed25519 key that signs checkpoints and erasure receipts, and the public keys (current and retired) that
 * verify them. A key id is the first 8 bytes, in hex, of SHA-256 over the public key's X.509 encoding.
 */
public final class CheckpointKeys {

    private final PrivateKey signingKey;
    private final String publicKeyBase64;
    private final String keyId;
    private final Map<String, PublicKey> verificationKeys = new HashMap<>();
    private final Map<String, String> retiredPublicKeysBase64 = new LinkedHashMap<>();

    public CheckpointKeys(AuditProperties.Checkpoint config) {
        this.signingKey = privateKey(config.privateKey());
        PublicKey current = publicKey(config.publicKey(), "lethe.audit.checkpoint.public-key");
        this.publicKeyBase64 = Base64.getEncoder().encodeToString(current.getEncoded());
        this.keyId = keyId(current);
        verificationKeys.put(keyId, current);
        for (String retired : config.retiredPublicKeys()) {
            PublicKey key = publicKey(retired, "lethe.audit.checkpoint.retired-public-keys");
            verificationKeys.put(keyId(key), key);
            retiredPublicKeysBase64.putIfAbsent(keyId(key), Base64.getEncoder().encodeToString(key.getEncoded()));
        }
        retiredPublicKeysBase64.remove(keyId);
        byte[] probe = "lethe-checkpoint-key-probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (!verify(keyId, probe, sign(probe))) {
            throw new IllegalStateException("lethe.audit.checkpoint.private-key does not match public-key");
        }
    }

    public String keyId() {
        return keyId;
    }

    public String publicKeyBase64() {
        return publicKeyBase64;
    }

    /** The configured retired public keys by key id, base64 of their X.509 encoding (the current key excluded). */
    public Map<String, String> retiredPublicKeysBase64() {
        return Collections.unmodifiableMap(retiredPublicKeysBase64);
    }

    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(signingKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** False for an unknown key id or a bad signature. */
    public boolean verify(String keyId, byte[] message, byte[] signatureBytes) {
        Optional<PublicKey> key = Optional.ofNullable(verificationKeys.get(keyId));
        if (key.isEmpty()) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key.get());
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public boolean knows(String keyId) {
        return verificationKeys.containsKey(keyId);
    }

    public static String keyId(PublicKey key) {
        return CanonicalEncoding.hex(CanonicalEncoding.sha256(key.getEncoded())).substring(0, 16);
    }

    private static PrivateKey privateKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(decode(base64,
                    "lethe.audit.checkpoint.private-key")));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("lethe.audit.checkpoint.private-key is not an Ed25519 PKCS#8 key");
        }
    }

    private static PublicKey publicKey(String base64, String property) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(decode(base64, property)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(property + " is not an Ed25519 X.509 public key");
        }
    }

    private static byte[] decode(String base64, String property) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not base64");
        }
    }
}
