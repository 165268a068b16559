package dev.lethe.command.keys;

import dev.lethe.shredding.KeyEncryptionKeys;
import dev.lethe.shredding.KeyVault;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Online rotation of the key-encryption key to one the backend holds (a configured or imported KEK), as a new
 * epoch ({@link KekLifecycle}): every data key is re-wrapped under that KEK, batch by
 * batch, while the service keeps serving. Events are not touched. Running it again re-wraps only what is still
 * under another KEK (keys created by a transaction that was in flight when the KEK switched, or by another
 * instance that still runs with the old current id).
 */
@Component
class KeyRotation {

    private static final Logger LOG = LoggerFactory.getLogger(KeyRotation.class);

    private final KeyVault keyVault;
    private final KeyEncryptionKeys configured;
    private final KekLifecycle lifecycle;
    // one rotation at a time per instance: two towards different KEKs would undo each other's batches
    private final ReentrantLock running = new ReentrantLock();

    KeyRotation(KeyVault keyVault, KeyEncryptionKeys configured, KekLifecycle lifecycle) {
        this.keyVault = keyVault;
        this.configured = configured;
        this.lifecycle = lifecycle;
    }

    /**
     * @throws KeyRotationException {@code UNKNOWN_KEK} when the id is not configured here,
     *                              {@code ROTATION_IN_PROGRESS} when another rotation runs in this instance
     */
    Result rotateTo(String kekId) {
        if (!configured.contains(kekId)) {
            throw new KeyRotationException("UNKNOWN_KEK", "kekId",
                    "kekId must name a key-encryption key configured in lethe.crypto.kek.keys of both services");
        }
        if (!running.tryLock()) {
            throw new KeyRotationException("ROTATION_IN_PROGRESS", null, "a key rotation is already running");
        }
        try {
            // a new epoch: the previous KEK is retired and destroyed once its retention ends (KekLifecycle)
            int rewrapped = lifecycle.rotateTo(kekId).rewrapped();
            LOG.info("Key rotation to key-encryption key '{}': {} data keys re-wrapped", kekId, rewrapped);
            return new Result(kekId, rewrapped, status());
        } finally {
            running.unlock();
        }
    }

    Status status() {
        Map<String, Long> counts = keyVault.keysByKek();
        String current = keyVault.currentKekId();
        List<String> retirable = configured.ids().stream().sorted()
                .filter(id -> !id.equals(current) && counts.getOrDefault(id, 0L) == 0L)
                .toList();
        boolean unknownInUse = counts.keySet().stream().anyMatch(id -> !configured.contains(id));
        return new Status(current, configured.ids().stream().sorted().toList(), counts, retirable, unknownInUse);
    }

    /**
     * @param currentKekId        wraps new data keys in this instance
     * @param configuredKekIds    configured here (key material is never shown)
     * @param keysByKek           stored data keys per KEK id
     * @param retirableKekIds     configured, not current, and wrapping no stored key: safe to remove from the
     *                            configuration of both services
     * @param unconfiguredKekInUse some stored key is wrapped by a KEK this instance does not have (it cannot
     *                            read those people)
     */
    record Status(String currentKekId, List<String> configuredKekIds, Map<String, Long> keysByKek,
                  List<String> retirableKekIds, boolean unconfiguredKekInUse) {
    }

    record Result(String kekId, int rewrapped, Status status) {
    }
}
