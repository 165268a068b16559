package dev.lethe.command.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.command.ingress.transport.LetheTopics;
import dev.lethe.command.ingress.PolicyProperties;
import dev.lethe.command.ingress.PolicyProperties.PurposeRule;
import dev.lethe.command.ingress.PolicyProperties.SourceRule;
import dev.lethe.command.retention.RetentionProperties;
import dev.lethe.command.retention.RetentionProperties.PurposeRetention;
import dev.lethe.command.retention.RetentionRules;
import dev.lethe.support.crypto.CryptoProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The record is generated from the configuration: change a setting and the record changes with it. */
class ProcessingRecordsTest {

    private static final PolicyProperties POLICY = new PolicyProperties(
            Map.of("lead", new PurposeRule(Set.of("email", "name")), "order", new PurposeRule(Set.of("name", "phone"))),
            Map.of("crm", new SourceRule(Set.of("lead"), Set.of("RegisterCustomer", "PlaceLegalHold")),
                    "shop", new SourceRule(Set.of("order", "lead"), Set.of("RegisterCustomer"))));
    private static final RetentionProperties RETENTION = new RetentionProperties(
            Map.of("lead", new PurposeRetention(Duration.ofDays(90), Set.of("order"))), Duration.ofDays(14),
            Duration.ofHours(1), true);

    @Test
    void theRecordNamesPurposesFieldsRetentionSourcesAndRecipientsFromTheConfiguration() {
        ProcessingRecord record = records(POLICY, RETENTION, "events-a", "kek-7").current();

        ProcessingRecord.Purpose lead = record.purposes().get(0);
        assertThat(lead.name()).isEqualTo("lead");
        assertThat(lead.personalFields()).containsExactly("name", "email");
        assertThat(lead.retention().eraseAfterInactivity()).isEqualTo("P90D");
        assertThat(lead.retention().unlessPurposes()).containsExactly("order");
        assertThat(lead.retention().consentWithdrawnGrace()).isEqualTo("P14D");
        assertThat(lead.sources()).extracting(ProcessingRecord.Source::name).containsExactly("crm", "shop");
        assertThat(record.purposes().get(1).retention().eraseAfterInactivity()).isNull();
        assertThat(record.legalHolds().sources()).containsExactly("crm");
        assertThat(record.recipients().eventsTopic()).isEqualTo("events-a");
        assertThat(record.recipients().eventConsumers()).extracting(ProcessingRecord.Consumer::group)
                .containsExactly("query-a");
        assertThat(record.safeguards().keyEncryptionKeyId()).isEqualTo("kek-7");
        assertThat(record.controller()).isEqualTo("Example GmbH");
    }

    @Test
    void changingTheConfigurationChangesTheRecord() {
        PolicyProperties wider = new PolicyProperties(
                Map.of("lead", new PurposeRule(Set.of("email", "name", "phone")), "order", new PurposeRule(Set.of("name"))),
                Map.of("shop", new SourceRule(Set.of("order", "lead"), Set.of("RegisterCustomer"))));
        RetentionProperties shorter = new RetentionProperties(
                Map.of("lead", new PurposeRetention(Duration.ofDays(30), Set.of())), null, Duration.ofHours(1), true);

        ProcessingRecord record = records(wider, shorter, "events-b", "kek-8").current();

        ProcessingRecord.Purpose lead = record.purposes().get(0);
        assertThat(lead.personalFields()).containsExactly("name", "email", "phone");
        assertThat(lead.retention().eraseAfterInactivity()).isEqualTo("P30D");
        assertThat(lead.retention().consentWithdrawnGrace()).isNull();
        assertThat(lead.sources()).extracting(ProcessingRecord.Source::name).containsExactly("shop");
        assertThat(record.legalHolds().supported()).isFalse();
        assertThat(record.recipients().eventsTopic()).isEqualTo("events-b");
        assertThat(record.safeguards().keyEncryptionKeyId()).isEqualTo("kek-8");
        assertThat(ProcessingRecordMarkdown.render(record)).contains("| lead | name, email, phone | erased P30D")
                .contains("supported: no");
    }

    private static ProcessingRecords records(PolicyProperties policy, RetentionProperties retention, String events,
                                             String kekId) {
        LetheTopics topics = new LetheTopics("commands", "results", "dlq", events, 3, (short) 1, Duration.ofHours(24));
        CryptoProperties crypto = new CryptoProperties(new CryptoProperties.Kek(kekId, Map.of(kekId, "c2VjcmV0")),
                Duration.ofMinutes(5));
        return new ProcessingRecords(policy, new RetentionRules(retention, policy), topics, crypto,
                new ProcessingRecordProperties("Example GmbH", Map.of("query-a", "read models")),
                Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC));
    }
}
