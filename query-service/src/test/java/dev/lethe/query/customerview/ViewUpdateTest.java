package dev.lethe.query.customerview;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.Personal;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.consent.ConsentWithdrawn;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.ErasureReason;
import dev.lethe.contract.customer.PostalAddress;
import dev.lethe.contract.customer.ProcessingRestricted;
import dev.lethe.contract.customer.ProcessingRestrictionLifted;
import dev.lethe.contract.identity.CustomerMergedInto;
import dev.lethe.contract.identity.CustomerUnmerged;
import dev.lethe.contract.identity.CustomersMerged;
import dev.lethe.contract.identity.CustomersUnmerged;
import dev.lethe.contract.identity.SourceRecordLinked;
import dev.lethe.query.events.StoredEvent;
import dev.lethe.shredding.LetheObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which rows of the view each event changes, as plain calls: no database, exact expectations. */
class ViewUpdateTest {

    private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
    private static final ObjectMapper JSON = LetheObjectMapper.create();

    private final List<String> writes = new ArrayList<>();
    private final List<String> erasedElsewhere = new ArrayList<>();
    private final ViewUpdate update = new ViewUpdate(new RecordedWrites(writes), JSON, erasedElsewhere::add);

    private static StoredEvent event(String customerId, long globalSequence, long aggregateSequence, Object payload) {
        return new StoredEvent("e-" + globalSequence, globalSequence, aggregateSequence, customerId,
                payload.getClass().getName(), "1", AT, "cmd", "webshop", "agent-17", payload, new byte[0]);
    }

    @Test
    void aRegistrationCreatesTheRowItsUnverifiedFieldsAndItsSourceRecord() {
        update.apply(event("c", 7, 0, new CustomerRegistered("c", "webshop", Personal.of("c-1042"), "lead",
                Personal.of("Erika Mustermann"), Personal.of("erika@example.org"), null, null, null)));

        assertThat(writes).containsExactly(
                "insert c 7/0",
                "putFields c unverified 7 [NAME=Erika Mustermann, EMAIL=erika@example.org]",
                "addSourceRecord c webshop c-1042 lead 7",
                "advance c 7/0");
    }

    @Test
    void aLinkAddsUnverifiedFieldsAndASourceRecordToTheExistingRow() {
        update.apply(event("c", 9, 1, new SourceRecordLinked("c", "crm", Personal.of("crm-7"), "order-fulfilment",
                null, null, Personal.of("+49301234567"), null, Personal.of(LocalDate.of(1980, 2, 29)))));

        assertThat(writes).containsExactly(
                "putFields c unverified 9 [PHONE=+49301234567, BIRTH_DATE=1980-02-29]",
                "addSourceRecord c crm crm-7 order-fulfilment 9",
                "advance c 9/1");
    }

    @Test
    void aRectificationWritesVerifiedValuesOfTheFieldsItCarriesOnly() throws Exception {
        PostalAddress address = new PostalAddress("Hauptstr. 1", "10115", "Berlin", "DE");

        update.apply(event("c", 12, 2, new ContactDetailsChanged("c", "order-fulfilment", null,
                Personal.of("erika.m@example.org"), null, Personal.of(address), null)));

        assertThat(writes).containsExactly(
                "putFields c verified 12 [EMAIL=erika.m@example.org, POSTAL_ADDRESS=" + JSON.writeValueAsString(address)
                        + "]",
                "advance c 12/2");
    }

    @Test
    void aFieldWhoseValueWasErasedIsWrittenAsNothing() {
        update.apply(event("c", 13, 3, new ContactDetailsChanged("c", "order-fulfilment", Personal.erased(), null,
                null, null, null)));

        assertThat(writes).containsExactly("putFields c verified 13 [NAME=null]", "advance c 13/3");
    }

    @Test
    void consentsAreSetPerPurposeAndAWithdrawalNamesNoTextVersion() {
        update.apply(event("c", 20, 4, new ConsentGranted("c", "marketing", "email", "newsletter-v3", AT)));
        update.apply(event("c", 21, 5, new ConsentWithdrawn("c", "marketing", "email", AT)));

        assertThat(writes).containsExactly(
                "setConsent c marketing granted email newsletter-v3 20", "advance c 20/4",
                "setConsent c marketing withdrawn email null 21", "advance c 21/5");
    }

    @Test
    void aRestrictionAndItsLiftSetTheFlag() {
        update.apply(event("c", 30, 6, new ProcessingRestricted("c", "ACCURACY_CONTESTED")));
        update.apply(event("c", 31, 7, new ProcessingRestrictionLifted("c")));

        assertThat(writes).containsExactly("setRestricted c true", "advance c 30/6",
                "setRestricted c false", "advance c 31/7");
    }

    @Test
    void aMergeAndAnUnmergeChangeOnlyTheMembersRowsAndTheSurvivorsUpdateTime() {
        update.apply(event("survivor", 40, 8, new CustomersMerged("survivor", "member", List.of("lead"))));
        update.apply(event("member", 41, 3, new CustomerMergedInto("member", "survivor")));
        update.apply(event("survivor", 50, 9, new CustomersUnmerged("survivor", "member")));
        update.apply(event("member", 51, 4, new CustomerUnmerged("member", "survivor")));

        assertThat(writes).containsExactly(
                "advance survivor 40/8",
                "setMergedInto member survivor", "advance member 41/3",
                "advance survivor 50/9",
                "setMergedInto member null", "advance member 51/4");
    }

    @Test
    void anErasureLeavesATombstoneAndDropsTheKeyFromThisInstancesCache() {
        update.apply(event("c", 60, 10, new CustomerErased("c", ErasureReason.DATA_SUBJECT_REQUEST, AT)));

        assertThat(writes).containsExactly("erase c DATA_SUBJECT_REQUEST 60/10");
        assertThat(erasedElsewhere).containsExactly("c");
    }

    /** Each write as one line: which customer, what, and the positions it records. */
    private record RecordedWrites(List<String> writes) implements ViewWrites {

        @Override
        public void insert(String customerId, Instant at, long globalSequence, long aggregateSequence) {
            writes.add("insert " + customerId + " " + globalSequence + "/" + aggregateSequence);
        }

        @Override
        public void putFields(String customerId, boolean verified, Instant at, long sequence,
                              List<Field.Value> values) {
            writes.add("putFields " + customerId + (verified ? " verified " : " unverified ") + sequence + " "
                    + values.stream().map(v -> v.field() + "=" + v.value()).collect(Collectors.joining(", ", "[", "]")));
        }

        @Override
        public void addSourceRecord(String customerId, String source, String sourceCustomerId, String purpose,
                                    Instant at, long sequence) {
            writes.add("addSourceRecord " + customerId + " " + source + " " + sourceCustomerId + " " + purpose + " "
                    + sequence);
        }

        @Override
        public void setConsent(String customerId, String purpose, boolean granted, String channel,
                               String textVersion, Instant at, long sequence) {
            writes.add("setConsent " + customerId + " " + purpose + (granted ? " granted " : " withdrawn ") + channel
                    + " " + textVersion + " " + sequence);
        }

        @Override
        public void setRestricted(String customerId, boolean restricted) {
            writes.add("setRestricted " + customerId + " " + restricted);
        }

        @Override
        public void setMergedInto(String customerId, String survivorId) {
            writes.add("setMergedInto " + customerId + " " + survivorId);
        }

        @Override
        public void advance(String customerId, Instant at, long globalSequence, long aggregateSequence) {
            writes.add("advance " + customerId + " " + globalSequence + "/" + aggregateSequence);
        }

        @Override
        public void erase(String customerId, Instant erasedAt, String reason, long globalSequence,
                          long aggregateSequence) {
            writes.add("erase " + customerId + " " + reason + " " + globalSequence + "/" + aggregateSequence);
        }
    }
}
