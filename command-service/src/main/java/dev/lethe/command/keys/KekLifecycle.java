package dev.lethe.command.keys;

import dev.lethe.support.crypto.CryptoProperties;
import dev.lethe.shredding.KeyEncryptionKeys;
import dev.lethe.shredding.KeyVault;
import dev.lethe.shredding.kek.KekBackend;
import dev.lethe.shredding.kek.KekEpochs;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The life of a key-encryption key: current for one epoch, retired by a rotation (every live data key re-wrapped
 * under the next KEK), destroyed in its backend once older than {@code lethe.crypto.kek.retain-retired}. From then
 * on every copy of a data key it wrapped, wherever it lies (WAL, dead tuples, replicas, backups), is noise.
 *
 * <p>Every rotation and destruction runs under one database lock, so two instances never rotate at once; an
 * instance that has not seen a rotation yet is kept from wrapping new keys with the retired KEK by the vault's
 * trigger (migration {@code V1_2__kek_epochs.sql}).
 */
@Component
public class KekLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(KekLifecycle.class);

    private final KeyVault keyVault;
    private final KekBackend backend;
    private final KekEpochs epochs;
    private final CryptoProperties.Kek settings;
    private final MeterRegistry meters;
    private final Clock clock;

    KekLifecycle(KeyVault keyVault, KeyEncryptionKeys keks, KekEpochs epochs, CryptoProperties properties,
                 MeterRegistry meters, Clock clock) {
        this.keyVault = keyVault;
        this.backend = keks.backend();
        this.epochs = epochs;
        this.settings = properties.kek();
        this.meters = meters;
        this.clock = clock;
    }

    /** What a rotation did. {@code retired} is empty when the new KEK was current already. */
    public record Rotation(String kekCreated, String current, Optional<String> retired, int rewrapped,
                           Instant startedAt, Instant finishedAt) {
    }

    /** A KEK destroyed, or kept because its retention has not ended (then {@code destroyedAt} is null). */
    public record Destruction(String kekId, Instant destroyAfter, Instant destroyedAt, int rewrappedFirst) {
    }

    public boolean managesKeys() {
        return backend.managesKeys();
    }

    public String backendName() {
        return backend.name();
    }

    /** A new epoch with a new KEK of the backend. */
    public Rotation rotate() {
        if (!backend.managesKeys()) {
            throw new KeyRotationException("KEK_BACKEND_READ_ONLY", null, "the configured key-encryption keys "
                    + "cannot be rotated by epoch; configure lethe.crypto.kek.keyring or the pkcs11 backend");
        }
        return exclusively(() -> rotateLocked(backend.create(), true));
    }

    /** A new epoch with a KEK the backend already holds (the operator's rotation to a configured KEK). */
    Rotation rotateTo(String kekId) {
        return exclusively(() -> rotateLocked(kekId, false));
    }

    /** A new epoch only if the current one is older than {@code rotate-every}; the schedule's rotation. */
    Optional<Rotation> rotateIfDue() {
        if (!backend.managesKeys()) {
            return Optional.empty();
        }
        return exclusively(() -> {
            Instant due = epochs.all().stream().filter(epoch -> epoch.retiredAt() == null).findFirst()
                    .map(epoch -> epoch.createdAt().plus(settings.rotateEvery())).orElse(Instant.MIN);
            return clock.instant().isBefore(due) ? Optional.empty()
                    : Optional.of(rotateLocked(backend.create(), true));
        });
    }

    private Rotation rotateLocked(String kekId, boolean created) {
        Instant started = clock.instant();
        // new keys of this instance first, then the epoch (waits for every transaction writing a key), then the rest
        keyVault.useCurrentKek(kekId);
        Optional<String> retired = epochs.rotate(kekId, backend.name(), settings.retainRetired());
        int rewrapped = keyVault.rewrap(kekId);
        meters.counter("lethe.keys.rewrapped").increment(rewrapped);
        LOG.info("Key-encryption key epoch {} opened{}; {} data keys re-wrapped", kekId,
                retired.map(id -> ", " + id + " retired").orElse(""), rewrapped);
        return new Rotation(created ? kekId : null, kekId, retired, rewrapped, started, clock.instant());
    }

    /**
     * Destroys every retired KEK whose retention ended, once no stored data key is wrapped by it any more (keys an
     * interrupted rotation left behind are re-wrapped first); answers also the retired ones still waiting.
     */
    public List<Destruction> destroyDue() {
        if (!backend.managesKeys()) {
            return List.of();
        }
        return exclusively(() -> {
            List<Destruction> done = new ArrayList<>();
            String current = epochs.current().orElse(null);
            for (KekEpochs.Epoch epoch : epochs.dueForDestruction()) {
                int rewrapped = 0;
                if (epochs.keysWrappedBy(epoch.kekId()) > 0 && current != null) {
                    rewrapped = keyVault.rewrap(current);
                }
                long left = epochs.keysWrappedBy(epoch.kekId());
                if (left > 0) {
                    throw new KeyRotationException("KEK_STILL_IN_USE", null, "key-encryption key '" + epoch.kekId()
                            + "' still wraps " + left + " data keys after re-wrapping; not destroyed");
                }
                backend.destroy(epoch.kekId());
                Instant destroyedAt = epochs.markDestroyed(epoch.kekId());
                meters.counter("lethe.keys.kek.destroyed").increment();
                LOG.info("Key-encryption key {} destroyed (retired {}, retention ended {})", epoch.kekId(),
                        epoch.retiredAt(), epoch.destroyAfter());
                done.add(new Destruction(epoch.kekId(), epoch.destroyAfter(), destroyedAt, rewrapped));
            }
            return done;
        });
    }

    /** Retired KEKs not destroyed yet, with the time each may be destroyed. */
    public List<Destruction> scheduled() {
        return epochs.all().stream()
                .filter(epoch -> epoch.retiredAt() != null && epoch.destroyedAt() == null)
                .map(epoch -> new Destruction(epoch.kekId(), epoch.destroyAfter(), null, 0))
                .toList();
    }

    /** Follows a rotation another instance made, so that this one wraps new keys with the current KEK. */
    void followCurrentEpoch() {
        epochs.current().filter(id -> !id.equals(keyVault.currentKekId())).ifPresent(id -> {
            keyVault.useCurrentKek(id);
            LOG.info("Following key-encryption key epoch {} opened by another instance", id);
        });
    }

    List<KekEpochs.Epoch> epochs() {
        return epochs.all();
    }

    private <T> T exclusively(java.util.function.Supplier<T> work) {
        try {
            return epochs.exclusively(settings.rotationWait(), work);
        } catch (KekEpochs.RotationBusyException e) {
            throw new KeyRotationException("ROTATION_IN_PROGRESS", null,
                    "another instance is rotating key-encryption keys");
        }
    }

    Duration retainRetired() {
        return settings.retainRetired();
    }
}
