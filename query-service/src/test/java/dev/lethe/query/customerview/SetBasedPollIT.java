package dev.lethe.query.customerview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lethe.contract.Personal;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.consent.ConsentWithdrawn;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.ProcessingRestricted;
import dev.lethe.contract.customer.ProcessingRestrictionLifted;
import dev.lethe.contract.identity.CustomerMergedInto;
import dev.lethe.contract.identity.CustomerUnmerged;
import dev.lethe.contract.identity.CustomersMerged;
import dev.lethe.contract.identity.SourceRecordLinked;
import dev.lethe.query.events.EventDecoder;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A whole poll written set-based ({@link PollWrites}, {@link ViewBatchRepository}): the same rows as the same events
 * applied one at a time, and a poisoned event inside the poll parked with its reason while the rest is applied.
 * The listener is paused while the events are published, so that they arrive as one poll.
 */
class SetBasedPollIT extends CustomerViewTestBase {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    CustomerViewProjection projection;
    @Autowired
    EventDecoder decoder;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    MeterRegistry meters;

    @Test
    void aPollWrittenSetBasedLeavesExactlyTheRowsOfItsEventsAppliedOneAtATime() throws Exception {
        Instant t = Instant.parse("2026-10-01T08:00:00Z");
        List<Sent> history = new ArrayList<>();
        String early = UUID.randomUUID().toString();
        history.add(publish(early, registered(early, "webshop", "w-early", "Emil Eher", "emil@example.org",
                "+49 30 5550100"), t));
        awaitStatus(early, 200);
        double oneAtATime = oneAtATimePolls();

        String anna = UUID.randomUUID().toString();
        String ben = UUID.randomUUID().toString();
        String brief = UUID.randomUUID().toString();
        asOnePoll(() -> {
            history.add(publishAsync(anna, registered(anna, "webshop", "w-anna", "Anna Alt", "anna@example.org",
                    "+49 30 5550001"), t.plusSeconds(1)));
            history.add(publishAsync(anna, new SourceRecordLinked(anna, "crm", Personal.of("crm-anna"), "support",
                    Personal.of("A. Alt"), null, Personal.of("+49 30 5550002"), null, null), t.plusSeconds(2)));
            history.add(publishAsync(anna, new ContactDetailsChanged(anna, "order-fulfilment", null,
                    Personal.of("anna@new.example.org"), null, null, null), t.plusSeconds(3)));
            // an older event time arriving later: the newer value per field stays
            history.add(publishAsync(anna, new ContactDetailsChanged(anna, "order-fulfilment", Personal.of("Anna Neu"),
                    Personal.of("anna@old.example.org"), null, null, null), t.plusSeconds(2)));
            history.add(publishAsync(anna, new ConsentGranted(anna, "marketing", "web", "v1", t.plusSeconds(4)),
                    t.plusSeconds(4)));
            history.add(publishAsync(anna, new ConsentWithdrawn(anna, "marketing", "phone", t.plusSeconds(5)),
                    t.plusSeconds(5)));
            history.add(publishAsync(ben, registered(ben, "crm", "crm-ben", "Ben Berg", "ben@example.org", null),
                    t.plusSeconds(6)));
            history.add(publishAsync(ben, new ProcessingRestricted(ben, "objection"), t.plusSeconds(7)));
            history.add(publishAsync(anna, new CustomersMerged(anna, ben, List.of()), t.plusSeconds(8)));
            history.add(publishAsync(ben, new CustomerMergedInto(ben, anna), t.plusSeconds(8)));
            history.add(publishAsync(ben, new CustomerUnmerged(ben, anna), t.plusSeconds(9)));
            history.add(publishAsync(ben, new ProcessingRestrictionLifted(ben), t.plusSeconds(10)));
            history.add(publishAsync(ben, new CustomerMergedInto(ben, anna), t.plusSeconds(11)));
            // registered and erased within the poll; and erased after an earlier poll wrote the rows
            history.add(publishAsync(brief, registered(brief, "webshop", "w-brief", "Bea Kurz", "bea@example.org",
                    null), t.plusSeconds(12)));
            history.add(publishAsync(early, new ConsentGranted(early, "newsletter", "web", "v2", t.plusSeconds(13)),
                    t.plusSeconds(13)));
            flush();
            destroyKey(brief);
            destroyKey(early);
            history.add(publishAsync(brief, new CustomerErased(brief, ErasureReason.DATA_SUBJECT_REQUEST,
                    t.plusSeconds(14)), t.plusSeconds(14)));
            history.add(publishAsync(early, new CustomerErased(early, ErasureReason.DATA_SUBJECT_REQUEST,
                    t.plusSeconds(15)), t.plusSeconds(15)));
            flush();
        });
        awaitAllApplied();
        awaitStatus(early, 410);
        List<String> ids = List.of(early, anna, ben, brief);
        String setBased = dumpViewTables(ids);
        assertThat(oneAtATimePolls()).as("written set-based").isEqualTo(oneAtATime);
        assertThat(setBased).contains("decrypted:anna@new.example.org", "decrypted:Anna Neu", "decrypted:crm-anna",
                "merged_into=" + anna, "DATA_SUBJECT_REQUEST");
        assertThat(rowsOf(brief)).isZero();
        assertThat(rowsOf(early)).isZero();

        container().pause();
        try {
            jdbc.update("DELETE FROM query.customer_view WHERE customer_id = ANY (?)", (Object) ids.toArray(String[]::new));
            jdbc.update("DELETE FROM query.customer_tombstone WHERE customer_id = ANY (?)",
                    (Object) ids.toArray(String[]::new));
            transaction.executeWithoutResult(status -> {
                for (int offset = 0; offset < history.size(); offset++) {
                    projection.apply(decoder.decode(consumed(history.get(offset), offset)));
                }
            });
            assertThat(dumpViewTables(ids)).isEqualTo(setBased);
        } finally {
            container().resume();
        }
    }

    @Test
    void aPoisonedEventInsideAPollIsParkedWithItsReasonWhileTheRestIsApplied() throws Exception {
        Instant t = Instant.parse("2026-10-02T08:00:00Z");
        String xena = UUID.randomUUID().toString();
        String orphan = UUID.randomUUID().toString();
        String yuri = UUID.randomUUID().toString();
        double oneAtATime = oneAtATimePolls();
        Sent[] registration = new Sent[1];
        asOnePoll(() -> {
            registration[0] = publishAsync(xena, registered(xena, "webshop", "w-xena", "Xena Erst", null, null), t);
            // the first event of a customer that is not a registration: no row to apply it to
            publishAsync(orphan, new ProcessingRestricted(orphan, "objection"), t.plusSeconds(1));
            publishAsync(xena, new ContactDetailsChanged(xena, "order-fulfilment", Personal.of("Xena Zweit"), null, null,
                    null, null), t.plusSeconds(2));
            publishAsync(yuri, registered(yuri, "webshop", "w-yuri", "Yuri Ypsilon", null, null), t.plusSeconds(3));
        });

        assertThat(awaitStatus(yuri, 200).get("name").asText()).isEqualTo("Yuri Ypsilon");
        await().atMost(DEADLINE).until(() -> customer(xena).path("name").asText().equals("Xena Zweit"));
        assertThat(jdbc.queryForList("SELECT reason FROM query.parked_event WHERE projection = 'customer-view' "
                + "AND customer_id = ?", String.class, orphan)).containsExactly("NO_CUSTOMER_ROW");
        assertThat(get("/api/customers/" + orphan).statusCode()).isEqualTo(404);
        assertThat(oneAtATimePolls()).as("the poll fell back to one event at a time").isGreaterThan(oneAtATime);

        // the registration again, as after a publisher crash: a redelivery, nothing applied twice
        resend(registration[0]);
        awaitAllApplied();
        assertThat(customer(xena).get("name").asText()).isEqualTo("Xena Zweit");
    }

    /**
     * Paused, not stopped: the consumers stay in the group, so that no rebalance holds up the tests after this one.
     * (A poll already under way may still take some of the events: the outcome is the same, in more polls.)
     */
    private void asOnePoll(Publishing publishing) throws Exception {
        container().pause();
        try {
            publishing.run();
            flush();
        } finally {
            container().resume();
        }
    }

    private interface Publishing {
        void run() throws Exception;
    }

    private MessageListenerContainer container() {
        return listeners.getListenerContainer(CustomerViewProjection.LISTENER_ID);
    }

    private double oneAtATimePolls() {
        var counter = meters.find("lethe.projection.polls.one-at-a-time").tag("projection", "customer-view")
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
