package dev.lethe.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.chaos.Observations.AuditEntry;
import dev.lethe.chaos.Observations.PartitionLag;
import dev.lethe.chaos.Observations.PublishedEvent;
import dev.lethe.chaos.Observations.StoredEvent;
import dev.lethe.chaos.Observations.ViewRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each invariant is counted when, and only when, it is broken: a checker that cannot fail would prove nothing. */
class CheckerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = "c-alice";

    private final List<History.Sent> sent = new ArrayList<>();
    private final Map<String, List<History.Answer>> answers = new HashMap<>();
    private final List<StoredEvent> store = new ArrayList<>();
    private final List<PublishedEvent> published = new ArrayList<>();
    private final List<AuditEntry> audit = new ArrayList<>();
    private final Map<String, ViewRow> view = new HashMap<>();
    private final Set<String> tombstones = new HashSet<>();
    private final Set<String> withRows = new HashSet<>();
    private final List<PartitionLag> lags = new ArrayList<>();

    /** Alice registered, consented to marketing, restricted: answered, stored, published, audited, viewed. */
    private void consistentHistory() {
        accepted(send(Kind.REGISTER_WEBSHOP, "cmd-1"), ALICE);
        stored(1, ALICE, 0, "e-1", "CustomerRegistered", "cmd-1", null);
        accepted(send(Kind.GRANT_CONSENT, "cmd-2"), ALICE);
        stored(2, ALICE, 1, "e-2", "ConsentGranted", "cmd-2", "marketing");
        accepted(send(Kind.RESTRICT, "cmd-3"), ALICE);
        stored(3, ALICE, 2, "e-3", "ProcessingRestricted", "cmd-3", null);
        view.put(ALICE, new ViewRow("ACTIVE", true, Map.of("marketing", true)));
        withRows.add(ALICE);
        lags.add(new PartitionLag("lethe-query-customer-view", "lethe.events", 0, 0));
        publishAndAuditAll();
    }

    @Test
    void aConsistentHistoryHasNoViolations() {
        consistentHistory();
        // a resend answered identically, a restriction already in place (no event), an event published twice
        History.Sent resend = send(Kind.RESEND, "cmd-1");
        answer(resend, "{\"commandId\":\"cmd-1\",\"status\":\"ACCEPTED\",\"customerId\":\"" + ALICE + "\"}");
        accepted(send(Kind.RESTRICT, "cmd-4"), ALICE);
        published.add(new PublishedEvent("e-1", ALICE, 1L));

        assertThat(check().clean()).as(check().violations().toString()).isTrue();
    }

    @Test
    void aRecordWithAReadableIdAndNoAnswerIsUnanswered() {
        consistentHistory();
        send(Kind.POISON_ID_ONLY, "cmd-poison");
        send(Kind.POISON_BROKEN_WITHOUT_ID, null);

        assertThat(check().of(Invariant.UNANSWERED)).containsExactly("cmd-poison#1");
    }

    @Test
    void aRepeatThatGotNoAnswerOfItsOwnIsUnanswered() {
        consistentHistory();
        send(Kind.RESEND, "cmd-2");

        assertThat(check().of(Invariant.UNANSWERED)).containsExactly("cmd-2#2");
    }

    @Test
    void twoDifferentAnswersToOneIdAreCounted() {
        consistentHistory();
        History.Sent broken = send(Kind.POISON_BROKEN_REPEAT, "cmd-2");
        answer(broken, "{\"commandId\":\"cmd-2\",\"status\":\"REJECTED\",\"code\":\"INVALID_JSON\"}");

        assertThat(check().of(Invariant.ANSWERED_DIFFERENTLY)).containsExactly("cmd-2");
    }

    @Test
    void anAcceptedCommandWithoutItsEventIsLost() {
        consistentHistory();
        accepted(send(Kind.ERASE, "cmd-erase"), ALICE);
        accepted(send(Kind.LIFT_RESTRICTION, "cmd-lift"), ALICE);

        assertThat(check().of(Invariant.LOST)).containsExactly("cmd-erase", "cmd-lift");
    }

    @Test
    void oneCommandsEventStoredTwiceOrOneEventAuditedTwiceIsADuplicateEffect() {
        consistentHistory();
        stored(4, ALICE, 3, "e-4", "ConsentGranted", "cmd-2", "marketing");
        audit.add(new AuditEntry("e-1", 1));

        assertThat(check().of(Invariant.DUPLICATE_EFFECTS)).containsExactly("audit:e-1", "cmd-2:ConsentGranted");
    }

    @Test
    void aViewThatDiffersFromTheStoreIsCounted() {
        consistentHistory();
        view.put(ALICE, new ViewRow("ACTIVE", false, Map.of("marketing", true)));

        assertThat(check().of(Invariant.VIEW_NOT_STORE)).containsExactly(ALICE);
    }

    @Test
    void anErasedPersonNeedsATombstoneAndNoRows() {
        consistentHistory();
        accepted(send(Kind.ERASE, "cmd-erase"), ALICE);
        stored(4, ALICE, 3, "e-4", "CustomerErased", "cmd-erase", null);
        view.remove(ALICE);
        withRows.remove(ALICE);
        tombstones.add(ALICE);
        publishAndAuditAll();
        assertThat(check().clean()).as(check().violations().toString()).isTrue();

        withRows.add(ALICE);
        assertThat(check().of(Invariant.VIEW_NOT_STORE)).containsExactly(ALICE);
        withRows.remove(ALICE);
        tombstones.remove(ALICE);
        assertThat(check().of(Invariant.VIEW_NOT_STORE)).containsExactly(ALICE);
    }

    @Test
    void eventsMissingFromTheTopicOrTheAuditTrailOrNotInTheStoreAreCounted() {
        consistentHistory();
        published.removeIf(event -> event.eventId().equals("e-2"));
        audit.removeIf(entry -> entry.eventId().equals("e-3"));
        published.add(new PublishedEvent("e-ghost", ALICE, 9L));

        Checker.Verdict verdict = check();

        assertThat(verdict.of(Invariant.NOT_PUBLISHED)).containsExactly("e-2");
        assertThat(verdict.of(Invariant.NOT_AUDITED)).containsExactly("e-3");
        assertThat(verdict.of(Invariant.PHANTOM)).containsExactly("e-ghost");
    }

    @Test
    void aPositionThatIsNotTheStoresGlobalIndexIsCounted() {
        consistentHistory();
        published.replaceAll(event -> event.eventId().equals("e-1") ? new PublishedEvent("e-1", ALICE, 3L) : event);
        audit.replaceAll(entry -> entry.eventId().equals("e-2") ? new AuditEntry("e-2", 3) : entry);

        assertThat(check().of(Invariant.WRONG_POSITION)).containsExactly("e-1", "e-2");
    }

    @Test
    void aPartitionWithLagIsStuck() {
        consistentHistory();
        lags.add(new PartitionLag("command-ingress", "lethe.commands", 2, 7));

        assertThat(check().of(Invariant.STUCK)).containsExactly("command-ingress/lethe.commands-2");
    }

    private Checker.Verdict check() {
        return new Checker().check(sent, answers, new Observations(store, published, audit, view, tombstones,
                withRows, lags));
    }

    private void publishAndAuditAll() {
        published.clear();
        audit.clear();
        store.forEach(event -> {
            published.add(new PublishedEvent(event.eventId(), event.customerId(), event.globalIndex()));
            audit.add(new AuditEntry(event.eventId(), event.globalIndex()));
        });
    }

    private History.Sent send(Kind kind, String commandId) {
        History.Sent record = new History.Sent(sent.size() + 1, "test",
                new Workload.Command("key", commandId, kind, "{}"), System.nanoTime());
        record.delivery = History.Delivery.ACKNOWLEDGED;
        sent.add(record);
        return record;
    }

    private void accepted(History.Sent record, String customerId) {
        answer(record, "{\"commandId\":\"" + record.command.commandId() + "\",\"status\":\"ACCEPTED\",\"customerId\":\""
                + customerId + "\"}");
    }

    private void answer(History.Sent record, String json) {
        try {
            answers.computeIfAbsent(record.command.commandId(), id -> new ArrayList<>())
                    .add(new History.Answer(record.command.commandId(), JSON.readTree(json), System.nanoTime()));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void stored(long index, String customerId, long sequence, String eventId, String type, String commandId,
                        String purpose) {
        store.add(new StoredEvent(index, customerId, sequence, eventId, type, commandId, purpose));
    }
}
