package dev.lethe.query.customerview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.shredding.LetheObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a golden record is put together from a customer's rows and those of the customers merged into it. */
class GoldenRecordTest {

    private static final Instant T1 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-29T10:00:00Z");
    private static final Instant T3 = Instant.parse("2026-11-30T10:00:00Z");

    private static CustomerViewRows.Own own(String id, String status, String mergedInto, boolean restricted,
                                            Instant created, Instant updated) {
        return new CustomerViewRows.Own(id, status, mergedInto, restricted, created, updated);
    }

    private static CustomerView assemble(CustomerViewRows.Own own, List<CustomerViewRows.Own> members,
                                         Map<Field, String> fields) {
        return GoldenRecord.assemble(own, members, fields, List.of(), List.of(), LetheObjectMapper.create());
    }

    @Test
    void aSurvivorListsItsMembersAndSpansTheirHistory() {
        CustomerView view = assemble(own("s", "ACTIVE", null, false, T2, T2),
                List.of(own("m1", "MERGED", "s", false, T1, T2), own("m2", "MERGED", "s", false, T2, T3)),
                Map.of(Field.NAME, "Erika Mustermann"));

        assertThat(view.customerId()).isEqualTo("s");
        assertThat(view.status()).isEqualTo("ACTIVE");
        assertThat(view.mergedInto()).isNull();
        assertThat(view.mergedCustomerIds()).containsExactly("m1", "m2");
        assertThat(view.createdAt()).isEqualTo(T1);
        assertThat(view.updatedAt()).isEqualTo(T3);
        assertThat(view.name()).isEqualTo("Erika Mustermann");
    }

    @Test
    void aSurvivorIsRestrictedWhenAnyMemberIs() {
        CustomerView view = assemble(own("s", "ACTIVE", null, false, T1, T1),
                List.of(own("m", "MERGED", "s", true, T1, T1)), Map.of());

        assertThat(view.restricted()).isTrue();
    }

    @Test
    void aMergedCustomerShowsItsOwnDataAndNoMembers() {
        CustomerView view = assemble(own("m", "MERGED", "s", false, T1, T2), List.of(), Map.of(Field.EMAIL,
                "erika@example.org"));

        assertThat(view.status()).isEqualTo("MERGED");
        assertThat(view.mergedInto()).isEqualTo("s");
        assertThat(view.mergedCustomerIds()).isNull();
        assertThat(view.restricted()).isFalse();
        assertThat(view.email()).isEqualTo("erika@example.org");
        assertThat(view.createdAt()).isEqualTo(T1);
        assertThat(view.updatedAt()).isEqualTo(T2);
    }

    @Test
    void readsTheStoredAddressAndBirthDateAndLeavesAbsentFieldsEmpty() {
        CustomerView view = assemble(own("c", "ACTIVE", null, false, T1, T1), List.of(), Map.of(
                Field.POSTAL_ADDRESS, "{\"street\":\"Hauptstr. 1\",\"postalCode\":\"10115\",\"city\":\"Berlin\","
                        + "\"country\":\"DE\"}",
                Field.BIRTH_DATE, "1980-02-29"));

        assertThat(view.postalAddress()).isEqualTo(new CustomerView.Address("Hauptstr. 1", "10115", "Berlin", "DE"));
        assertThat(view.birthDate()).isEqualTo(LocalDate.of(1980, 2, 29));
        assertThat(view.name()).isNull();
        assertThat(view.email()).isNull();
        assertThat(view.phone()).isNull();
        assertThat(view.masked()).isNull();
    }
}
