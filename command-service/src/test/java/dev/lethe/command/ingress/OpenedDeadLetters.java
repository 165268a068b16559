package dev.lethe.command.ingress;

import dev.lethe.command.ingress.deadletter.IngressKeys;
import dev.lethe.command.ingress.deadletter.SealedDeadLetter;
import dev.lethe.shredding.DataKey;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Opens dead letters in tests as the operator's tool does: with the ingress key the record names. */
public final class OpenedDeadLetters {

    private final IngressKeys keys;

    public OpenedDeadLetters(IngressKeys keys) {
        this.keys = keys;
    }

    /** The original value, or null when there is none or it cannot be opened (another run's record). */
    public byte[] value(ConsumerRecord<String, byte[]> parked) {
        return key(parked).map(key -> {
            try {
                return SealedDeadLetter.openValue(key, parked);
            } catch (AEADBadTagException | RuntimeException e) {
                return null;
            }
        }).orElse(null);
    }

    public String text(ConsumerRecord<String, byte[]> parked) {
        byte[] value = value(parked);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** The original record key, or null. */
    public String originalKey(ConsumerRecord<String, byte[]> parked) {
        return key(parked).map(key -> {
            try {
                return SealedDeadLetter.openKey(key, parked);
            } catch (AEADBadTagException | RuntimeException e) {
                return null;
            }
        }).orElse(null);
    }

    public Optional<DataKey> key(ConsumerRecord<String, byte[]> parked) {
        String subject = SealedDeadLetter.header(parked.headers(), SealedDeadLetter.KEY_SUBJECT);
        return subject == null ? Optional.empty() : keys.existing(subject);
    }
}
