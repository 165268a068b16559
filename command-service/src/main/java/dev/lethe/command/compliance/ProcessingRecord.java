package dev.lethe.command.compliance;

import java.time.Instant;
import java.util.List;

/**
 * The record of processing activities (GDPR Art. 30(1)) as Lethe enforces it right now. Every value comes from
 * the live configuration, so the record cannot drift from what the service does.
 */
record ProcessingRecord(
        Instant generatedAt,
        String controller,
        List<Purpose> purposes,
        LegalHolds legalHolds,
        Recipients recipients,
        Safeguards safeguards) {

    /**
     * @param personalFields the only personal fields a command for this purpose may carry (Art. 30(1)(c))
     * @param retention      when data held for this purpose is erased (Art. 30(1)(f))
     * @param sources        the systems allowed to send commands for this purpose, with the commands each may send
     */
    record Purpose(String name, List<String> personalFields, Retention retention, List<Source> sources) {
    }

    /**
     * @param eraseAfterInactivity ISO-8601 period, null when no inactivity rule applies
     * @param unlessPurposes       the purposes that keep a person from this rule
     * @param consentWithdrawnGrace ISO-8601 period after a withdrawal of consent that left no purpose, null = none
     */
    record Retention(String eraseAfterInactivity, List<String> unlessPurposes, String consentWithdrawnGrace,
                     String description) {
    }

    record Source(String name, List<String> commands) {
    }

    /** @param sources the systems allowed to place a hold ({@code PlaceLegalHold}) */
    record LegalHolds(boolean supported, List<String> bases, List<String> sources, String effect) {
    }

    /**
     * @param eventsTopic     the topic every stored event goes to, personal fields encrypted as stored
     * @param eventConsumers  who reads it
     * @param commandResults  the topic of command answers (no personal data)
     */
    record Recipients(String eventsTopic, List<Consumer> eventConsumers, String commandResults,
                      String commandsTopic, String commandsRetention) {
    }

    record Consumer(String group, String description) {
    }

    /** @param keyEncryptionKeyId the id of the key that wraps data keys; never key material */
    record Safeguards(String fieldEncryption, String erasure, String keyEncryptionKeyId, String lookups,
                      String auditTrail, String retentionSweeps) {
    }
}
