package dev.lethe.command.forgetting;

import dev.lethe.command.keys.KekLifecycle;
import dev.lethe.command.keys.KeyRotationException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The erasure purge's first step: a new KEK epoch (every live data key re-wrapped under a new KEK, the old one
 * retired), then every retired KEK past {@code lethe.crypto.kek.retain-retired} destroyed. An erasure is physically
 * complete once the KEK that wrapped the erased person's key (their {@code destroyed_key.kek_id}) is destroyed.
 */
@Component
@Order(10)
class KekEpochStep implements PurgeStep {

    static final String NAME = "kek-epochs";

    private final KekLifecycle lifecycle;

    KekEpochStep(KekLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PurgeStepReport run() {
        Instant started = Instant.now();
        KekLifecycle.Rotation rotation;
        List<KekLifecycle.Destruction> destroyed;
        try {
            rotation = lifecycle.rotate();
            destroyed = lifecycle.destroyDue();
        } catch (KeyRotationException e) {
            throw new PurgeStepException(e.code(), e.getMessage());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("backend", lifecycle.backendName());
        details.put("kekCreated", rotation.kekCreated());
        details.put("kekRetired", rotation.retired().orElse(null));
        details.put("currentKek", rotation.current());
        details.put("keysRewrapped", rotation.rewrapped() + destroyed.stream()
                .mapToInt(KekLifecycle.Destruction::rewrappedFirst).sum());
        details.put("rotatedAt", rotation.finishedAt());
        details.put("keksDestroyed", destroyed.stream().map(d -> Map.of("kekId", d.kekId(),
                "destroyedAt", d.destroyedAt())).toList());
        details.put("keksScheduledForDestruction", lifecycle.scheduled().stream().map(d -> Map.of("kekId", d.kekId(),
                "destroyAfter", d.destroyAfter())).toList());
        details.values().removeIf(java.util.Objects::isNull);
        return new PurgeStepReport(NAME, started, Instant.now(), details);
    }
}
