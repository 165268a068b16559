package dev.lethe.command.compliance;

import dev.lethe.command.ingress.transport.LetheTopics;
import dev.lethe.command.ingress.PolicyProperties;
import dev.lethe.command.retention.RetentionProperties;
import dev.lethe.command.retention.RetentionRules;
import dev.lethe.contract.hold.LegalHoldBasis;
import dev.lethe.support.crypto.CryptoProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Builds the {@link ProcessingRecord} from the configuration beans the service enforces. */
@Component
class ProcessingRecords {

    /** The personal fields in the order of the contract's {@code ContactDetails}, so the record reads stably. */
    private static final List<String> CONTACT_FIELDS = List.of("name", "email", "phone", "postalAddress", "birthDate");

    private final PolicyProperties policy;
    private final RetentionRules retention;
    private final LetheTopics topics;
    private final CryptoProperties crypto;
    private final ProcessingRecordProperties properties;
    private final Clock clock;

    ProcessingRecords(PolicyProperties policy, RetentionRules retention, LetheTopics topics, CryptoProperties crypto,
                      ProcessingRecordProperties properties, Clock clock) {
        this.policy = policy;
        this.retention = retention;
        this.topics = topics;
        this.crypto = crypto;
        this.properties = properties;
        this.clock = clock;
    }

    ProcessingRecord current() {
        List<ProcessingRecord.Purpose> purposes = policy.purposes().keySet().stream().sorted()
                .map(this::purpose).toList();
        return new ProcessingRecord(clock.instant(), properties.controller(), purposes, legalHolds(), recipients(),
                safeguards());
    }

    private ProcessingRecord.Purpose purpose(String name) {
        List<String> fields = CONTACT_FIELDS.stream()
                .filter(policy.purposes().get(name).fields()::contains).toList();
        List<ProcessingRecord.Source> sources = policy.sources().entrySet().stream()
                .filter(source -> source.getValue().purposes().contains(name))
                .sorted(Map.Entry.comparingByKey())
                .map(source -> new ProcessingRecord.Source(source.getKey(),
                        source.getValue().commands().stream().sorted().toList()))
                .toList();
        return new ProcessingRecord.Purpose(name, fields, retention(name), sources);
    }

    private ProcessingRecord.Retention retention(String purpose) {
        Optional<RetentionProperties.PurposeRetention> rule = Optional.ofNullable(retention.inactivity().get(purpose));
        String grace = retention.consentWithdrawnGrace().map(ProcessingRecords::period).orElse(null);
        StringBuilder text = new StringBuilder();
        rule.ifPresentOrElse(
                r -> text.append("erased ").append(period(r.eraseAfterInactivity())).append(" after the last activity")
                        .append(r.unlessPurposes().isEmpty() ? ""
                                : " unless also held for " + String.join(", ", r.unlessPurposes().stream().sorted().toList())),
                () -> text.append("no inactivity limit"));
        text.append(grace == null ? "; no erasure after withdrawn consent"
                : "; erased " + grace + " after consent was withdrawn for the only purpose held");
        text.append("; never erased while under a legal hold");
        return new ProcessingRecord.Retention(rule.map(r -> period(r.eraseAfterInactivity())).orElse(null),
                rule.map(r -> r.unlessPurposes().stream().sorted().toList()).orElse(List.of()), grace, text.toString());
    }

    private ProcessingRecord.LegalHolds legalHolds() {
        List<String> sources = policy.sources().entrySet().stream()
                .filter(source -> source.getValue().commands().contains("PlaceLegalHold"))
                .map(Map.Entry::getKey).sorted().toList();
        return new ProcessingRecord.LegalHolds(!sources.isEmpty(),
                Arrays.stream(LegalHoldBasis.values()).map(Enum::name).toList(), sources,
                "an erasure asked for during a hold is deferred: processing is restricted (Art. 18) and the person "
                        + "is erased by the retention sweeper when the hold ends");
    }

    private ProcessingRecord.Recipients recipients() {
        List<ProcessingRecord.Consumer> consumers = properties.eventConsumers().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(consumer -> new ProcessingRecord.Consumer(consumer.getKey(), consumer.getValue())).toList();
        return new ProcessingRecord.Recipients(topics.events(), consumers, topics.commandResults(), topics.commands(),
                period(topics.commandsRetention()));
    }

    private ProcessingRecord.Safeguards safeguards() {
        return new ProcessingRecord.Safeguards(
                "every personal field encrypted with AES-256-GCM under a data key of its own per data subject, "
                        + "before it is stored or published",
                "crypto-shredding: erasure destroys the subject's data keys in the transaction that records it, "
                        + "so every copy (event store, topics, backups) becomes unreadable",
                crypto.kek().currentId(),
                "email, phone and source references are looked up by blind index (keyed HMAC), deleted on erasure",
                "every event enters a hash-chained, append-only audit trail without personal values",
                "retention sweeps are recorded in event_store.retention_sweep; their erasures in the command log "
                        + "and the audit trail");
    }

    /** {@code P180D} rather than {@code PT4320H}: periods as a person writes them. */
    static String period(Duration duration) {
        if (!duration.isZero() && duration.toSeconds() % 86_400 == 0) {
            return "P" + duration.toDays() + "D";
        }
        return duration.toString();
    }
}
