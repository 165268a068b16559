package dev.lethe.shredding.kek;

import java.util.Set;
import javax.crypto.AEADBadTagException;

/**
 * Where key-encryption keys (KEKs) live: a local keyring file or a PKCS#11 token (an HSM). Each KEK is an AES-256
 * key known by its id; data keys are wrapped and unwrapped with it by id, and never leave as anything but
 * {@code nonce (12) || AES-256-GCM ciphertext || tag (16)}. Destroying a KEK turns every copy of a data key it
 * wrapped into noise, wherever that copy lies (WAL, dead tuples, replicas, backups).
 */
public interface KekBackend {

    /** {@code keyring}, {@code pkcs11} or {@code configured}: recorded with each epoch. */
    String name();

    /**
     * Creates a new random KEK and answers its id. Durable before it returns: nothing may be wrapped with a KEK
     * that a crash could lose.
     *
     * @throws UnsupportedOperationException when this backend cannot create keys (configured keys only)
     */
    String create();

    /** Whether {@link #create} and {@link #destroy} work here. */
    boolean managesKeys();

    /** The ids of the KEKs that exist now (another process may have created or destroyed some since). */
    Set<String> ids();

    boolean contains(String kekId);

    /**
     * @throws UnknownKekException when no KEK has that id (never created here, or destroyed)
     */
    byte[] wrap(String kekId, byte[] dataKey, byte[] aad);

    /**
     * @throws AEADBadTagException when the wrapped bytes, the associated data or the KEK do not match
     * @throws UnknownKekException when no KEK has that id (never created here, or destroyed)
     */
    byte[] unwrap(String kekId, byte[] wrapped, byte[] aad) throws AEADBadTagException;

    /**
     * Destroys the KEK for good; idempotent (an id that does not exist is fine). Afterwards nothing in this
     * process, the file or the token can unwrap with it.
     */
    void destroy(String kekId);
}
