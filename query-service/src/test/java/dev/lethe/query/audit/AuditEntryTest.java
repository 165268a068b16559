package dev.lethe.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditEntryTest {

    private static final String CUSTOMER = "c0ffee00-0000-4000-8000-000000000001";
    private static final String COMMAND = "3f6c0d1e-8a2b-4c3d-9e4f-5a6b7c8d9e0f";

    /** The worked example of docs/audit-trail.md; the expected hashes come from the Python snippet printed there. */
    @Test
    void theWorkedExampleOfTheDocumentationHashesToTheValueComputedWithPython() {
        AuditEntry first = AuditEntry.next(1, AuditEntry.GENESIS_HASH, registered());
        assertThat(CanonicalEncoding.hex(first.eventDigest()))
                .isEqualTo("156425b32aae8d3b44b95ecbf935b973b22164c82f3fc1a0be4040fae4634d9a");
        assertThat(first.canonicalEncoding()).hasSize(490);
        assertThat(CanonicalEncoding.hex(first.entryHash()))
                .isEqualTo("4fda3e79691b76f52d30f3e68588e97f6e521c79c12873ed3457c059dc2bf0cb");

        AuditEntry second = AuditEntry.next(2, first.entryHash(), new AuditedEvent("e2", 43, CUSTOMER,
                "dev.lethe.contract.consent.ConsentGranted", "1", Instant.parse("2026-11-28T10:05:00Z"), "crm", null,
                null, null, List.of(), "second".getBytes(StandardCharsets.UTF_8)));
        assertThat(CanonicalEncoding.hex(second.entryHash()))
                .isEqualTo("6fbc2638e17595ed1f4f3187af09f08017627d56d88db588cb242244e1fe852c");
    }

    @Test
    void rebuildingFromTheSameEventsInTheSameOrderReproducesEveryHash() {
        List<AuditedEvent> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(new AuditedEvent("event-" + i, 100 + i, CUSTOMER, "dev.lethe.contract.consent.ConsentGranted",
                    "1", Instant.parse("2026-11-28T10:00:00.123456789Z").plusSeconds(i), "crm", "agent-" + i, COMMAND,
                    COMMAND, List.of(), ("stored " + i).getBytes(StandardCharsets.UTF_8)));
        }

        assertThat(chain(events)).isEqualTo(chain(events));
        List<AuditedEvent> swapped = new ArrayList<>(events);
        swapped.set(3, events.get(4));
        swapped.set(4, events.get(3));
        assertThat(chain(swapped).subList(0, 3)).isEqualTo(chain(events).subList(0, 3));
        assertThat(chain(swapped).get(4)).isNotEqualTo(chain(events).get(4));
    }

    @Test
    void anAbsentFieldEncodesDifferentlyFromAnEmptyOne() {
        assertThat(CanonicalEncoding.encode((String) null)).containsExactly(0xFF, 0xFF, 0xFF, 0xFF);
        assertThat(CanonicalEncoding.encode("")).containsExactly(0, 0, 0, 0);
        assertThat(CanonicalEncoding.encode("ab", "c")).isNotEqualTo(CanonicalEncoding.encode("a", "bc"));
    }

    @Test
    void instantsAreHashedAtTheMicrosecondsPostgresqlKeeps() {
        AuditEntry nanos = AuditEntry.next(1, AuditEntry.GENESIS_HASH, registered());
        assertThat(CanonicalEncoding.instant(nanos.occurredAt())).isEqualTo("2026-11-28T10:00:00.000000Z");
        assertThat(CanonicalEncoding.instant(CanonicalEncoding.micros(Instant.parse("2026-11-28T10:00:00.1234567Z"))))
                .isEqualTo("2026-11-28T10:00:00.123456Z");
    }

    private static List<String> chain(List<AuditedEvent> events) {
        List<String> hashes = new ArrayList<>();
        byte[] previous = AuditEntry.GENESIS_HASH;
        for (int i = 0; i < events.size(); i++) {
            AuditEntry entry = AuditEntry.next(i + 1, previous, events.get(i));
            hashes.add(CanonicalEncoding.hex(entry.entryHash()));
            previous = entry.entryHash();
        }
        return hashes;
    }

    private static AuditedEvent registered() {
        return new AuditedEvent("7d1f3c2a-5b9e-4c61-8a0f-2e4b6d8c9a10", 42, CUSTOMER,
                "dev.lethe.contract.customer.CustomerRegistered", "1", Instant.parse("2026-11-28T10:00:00Z"),
                "webshop", "agent-17", COMMAND, COMMAND,
                List.of("sourceCustomerId", "name", "email", "phone", "postalAddress"),
                "example stored event".getBytes(StandardCharsets.UTF_8));
    }
}
