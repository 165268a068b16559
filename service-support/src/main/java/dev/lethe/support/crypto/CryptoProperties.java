package dev.lethe.support.crypto;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * Key material for crypto-shredding. Key-encryption keys live in a backend outside the database: a keyring file or
 * a PKCS#11 token (docs/crypto-shredding.md, "Key-encryption-key epochs").
 *
 * @param kek              the key-encryption keys that wrap every person's data key, and their epochs
 * @param dataKeyCacheTtl  how long an unwrapped data key stays in memory; a destroyed key is evicted at
 *                         once in this service (default 5 minutes)
 */
@Validated
@ConfigurationProperties("lethe.crypto")
public record CryptoProperties(@NotNull @Valid Kek kek, @NotNull Duration dataKeyCacheTtl) {

    /**
     * @param currentId        the KEK that opens the first epoch when the key vault has none yet (a configured or
     *                         imported one that already wraps keys); blank: a new KEK of the backend. Afterwards the
     *                         current epoch in {@code key_vault.kek_epoch} decides
     * @param keys             KEKs by id, 32 bytes in base64: imported into the keyring at start-up when missing
     *                         there (and never destroyed), or, without a keyring, the only KEKs (nothing can then be
     *                         rotated or destroyed by Lethe)
     * @param backend          {@code keyring} (default) or {@code pkcs11}
     * @param keyring          the keyring file (0600, outside the database); blank: configured keys only
     * @param keyringRecheck   how often a service re-reads a changed keyring, so a destroyed KEK leaves its memory
     * @param importConfigured import {@code keys} into the keyring (default true); the run command turns it off so
     *                         that the public demo KEK never wraps real keys
     * @param rotateEvery      a new epoch this often (default P1D)
     * @param retainRetired    how long a retired KEK is kept before it is destroyed: the longest retention of a
     *                         backup or WAL archive that must stay restorable (default P35D, docs/backup-restore.md)
     * @param checkInterval    how often the schedule checks whether a rotation or a destruction is due
     * @param rotationWait     how long a rotation waits for one of another instance to finish
     * @param pkcs11           the token, for {@code backend=pkcs11}
     */
    public record Kek(String currentId, Map<String, String> keys, String backend, String keyring,
                      Duration keyringRecheck, Boolean importConfigured, Duration rotateEvery, Duration retainRetired,
                      Duration checkInterval, Duration rotationWait, @Valid Pkcs11 pkcs11) {

        @ConstructorBinding
        public Kek {
            keys = keys == null ? Map.of() : Map.copyOf(keys);
            backend = backend == null || backend.isBlank() ? "keyring" : backend.strip();
            keyringRecheck = keyringRecheck == null ? Duration.ofSeconds(1) : keyringRecheck;
            importConfigured = importConfigured == null || importConfigured;
            rotateEvery = rotateEvery == null ? Duration.ofDays(1) : rotateEvery;
            retainRetired = retainRetired == null ? Duration.ofDays(35) : retainRetired;
            checkInterval = checkInterval == null ? Duration.ofMinutes(1) : checkInterval;
            rotationWait = rotationWait == null ? Duration.ofSeconds(50) : rotationWait;
            pkcs11 = pkcs11 == null ? new Pkcs11(null, null, null, null) : pkcs11;
        }

        public Kek(String currentId, Map<String, String> keys) {
            this(currentId, keys, null, null, null, null, null, null, null, null, null);
        }

        /** Never prints key material. */
        @Override
        public String toString() {
            return "Kek[currentId=" + currentId + ", ids=" + keys.keySet() + ", backend=" + backend + ", keyring="
                    + keyring + ", rotateEvery=" + rotateEvery + ", retainRetired=" + retainRetired + "]";
        }
    }

    /**
     * @param library       the PKCS#11 module (e.g. {@code /usr/lib/softhsm/libsofthsm2.so})
     * @param slot          the slot id; without it {@code slotListIndex}
     * @param slotListIndex index in the module's slot list (default 0)
     * @param pin           the user PIN (a secret: environment or secret file, never a profile in the repository)
     */
    public record Pkcs11(String library, Long slot, Integer slotListIndex, String pin) {

        @Override
        public String toString() {
            return "Pkcs11[library=" + library + ", slot=" + slot + ", slotListIndex=" + slotListIndex + ", pin=***]";
        }
    }
}
