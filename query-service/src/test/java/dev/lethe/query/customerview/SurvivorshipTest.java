package dev.lethe.query.customerview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lethe.query.customerview.Survivorship.Candidate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which stored value a golden record shows, decided over rows alone (the query side's survivorship rule). */
class SurvivorshipTest {

    private static final Instant MONDAY = Instant.parse("2026-11-30T09:00:00Z");
    private static final Instant TUESDAY = Instant.parse("2026-12-01T09:00:00Z");

    private static Candidate<String> row(String customer, Field field, boolean verified, Instant at, long sequence,
                                         String value) {
        return new Candidate<>(customer, field, verified, at, sequence, value);
    }

    private static Map<Field, String> shown(List<Candidate<String>> rows) {
        Map<Field, String> shown = new EnumMap<>(Field.class);
        Survivorship.winners(rows).forEach((field, winner) -> shown.put(field, winner.value()));
        return shown;
    }

    @Test
    void aRectifiedValueBeatsALaterRegistration() {
        assertThat(shown(List.of(
                row("a", Field.EMAIL, true, MONDAY, 10, "rectified@example.org"),
                row("b", Field.EMAIL, false, TUESDAY, 20, "registered-later@example.org"))))
                .containsExactly(Map.entry(Field.EMAIL, "rectified@example.org"));
    }

    @Test
    void amongEquallyVerifiedValuesTheLatestEventWinsWhateverItsGlobalSequence() {
        // a later event may carry a lower global sequence: concurrent commits
        assertThat(shown(List.of(
                row("a", Field.NAME, false, TUESDAY, 5, "Erika Mustermann"),
                row("b", Field.NAME, false, MONDAY, 50, "E. Mustermann"))))
                .containsExactly(Map.entry(Field.NAME, "Erika Mustermann"));
    }

    @Test
    void theGlobalSequenceBreaksATieOfTime() {
        assertThat(shown(List.of(
                row("a", Field.PHONE, true, MONDAY, 31, "+49301234567"),
                row("b", Field.PHONE, true, MONDAY, 32, "+49307654321"),
                row("c", Field.PHONE, true, MONDAY, 30, "+49300000000"))))
                .containsExactly(Map.entry(Field.PHONE, "+49307654321"));
    }

    @Test
    void eachFieldIsDecidedOnItsOwnAcrossTheMembersOfAMerge() {
        Map<Field, Candidate<String>> winners = Survivorship.winners(List.of(
                row("survivor", Field.NAME, false, MONDAY, 1, "Erika Mustermann"),
                row("survivor", Field.EMAIL, false, MONDAY, 1, "erika@example.org"),
                row("member", Field.EMAIL, true, MONDAY, 7, "erika.m@example.org"),
                row("member", Field.PHONE, false, TUESDAY, 9, "+49301234567")));

        assertThat(winners).containsOnlyKeys(Field.NAME, Field.EMAIL, Field.PHONE);
        assertThat(winners.get(Field.NAME).customerId()).isEqualTo("survivor");
        assertThat(winners.get(Field.EMAIL).customerId()).isEqualTo("member");
        assertThat(winners.get(Field.EMAIL).value()).isEqualTo("erika.m@example.org");
        assertThat(winners.get(Field.PHONE).customerId()).isEqualTo("member");
    }

    @Test
    void anErasedValueThatWinsIsShownAsNothingRatherThanAnOlderValue() {
        Map<Field, String> shown = shown(List.of(
                row("a", Field.NAME, true, TUESDAY, 40, null),
                row("a", Field.NAME, false, MONDAY, 10, "Erika Mustermann")));

        assertThat(shown).containsOnlyKeys(Field.NAME);
        assertThat(shown.get(Field.NAME)).isNull();
    }

    @Test
    void theOutcomeDoesNotDependOnTheOrderOfTheRows() {
        List<Candidate<String>> rows = List.of(
                row("a", Field.EMAIL, false, MONDAY, 1, "one@example.org"),
                row("b", Field.EMAIL, true, MONDAY, 2, "two@example.org"),
                row("c", Field.EMAIL, true, TUESDAY, 3, "three@example.org"),
                row("d", Field.EMAIL, false, TUESDAY, 4, "four@example.org"));

        assertThat(shown(rows)).containsExactly(Map.entry(Field.EMAIL, "three@example.org"));
        List<Candidate<String>> reversed = new ArrayList<>(rows);
        Collections.reverse(reversed);
        assertThat(shown(reversed)).containsExactly(Map.entry(Field.EMAIL, "three@example.org"));
    }
}
