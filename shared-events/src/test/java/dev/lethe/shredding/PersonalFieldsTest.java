package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lethe.contract.DataSubjectId;
import dev.lethe.contract.Personal;
import dev.lethe.contract.PersonalData;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonalFieldsTest {

    record NoSubject(@PersonalData Personal<String> name) {
    }

    record TwoSubjects(@DataSubjectId String a, @DataSubjectId String b, @PersonalData Personal<String> name) {
    }

    record UnmarkedPersonal(@DataSubjectId String id, Personal<String> name) {
    }

    record MarkedPlainString(@DataSubjectId String id, @PersonalData String name) {
    }

    record Nested(@DataSubjectId String id, List<Personal<String>> names) {
    }

    record Inner(@DataSubjectId String id, @PersonalData Personal<String> name) {
    }

    record NestedRecord(String id, Inner inner) {
    }

    record Renamed(@DataSubjectId String id, @JsonProperty("fullName") @PersonalData Personal<String> name) {
    }

    static final class NotARecord {
        @PersonalData
        Personal<String> name;
    }

    @Test
    void findsSubjectAndPersonalComponentsOfContractEvents() {
        PersonalFields fields = PersonalFields.of(CustomerRegistered.class);

        assertThat(fields.subjectIdField()).contains("customerId");
        assertThat(fields.personalFields()).containsExactly(
                "sourceCustomerId", "name", "email", "phone", "postalAddress", "birthDate");
        assertThat(PersonalFields.of(CustomerErased.class).hasPersonalData()).isFalse();
        assertThat(PersonalFields.of(String.class).hasPersonalData()).isFalse();
    }

    @Test
    void usesTheJsonNameBecauseThatIsWhatTheCiphertextIsBoundTo() {
        assertThat(PersonalFields.of(Renamed.class).personalFields()).containsExactly("fullName");
    }

    @Test
    void failsFastNamingClassAndComponent() {
        assertThatThrownBy(() -> PersonalFields.of(NoSubject.class))
                .hasMessageContaining("NoSubject").hasMessageContaining("no @DataSubjectId");
        assertThatThrownBy(() -> PersonalFields.of(TwoSubjects.class))
                .hasMessageContaining("TwoSubjects").hasMessageContaining("more than one @DataSubjectId");
        assertThatThrownBy(() -> PersonalFields.of(UnmarkedPersonal.class))
                .hasMessageContaining("UnmarkedPersonal component 'name'").hasMessageContaining("in the clear");
        assertThatThrownBy(() -> PersonalFields.of(MarkedPlainString.class))
                .hasMessageContaining("MarkedPlainString component 'name'");
        assertThatThrownBy(() -> PersonalFields.of(Nested.class))
                .hasMessageContaining("Nested component 'names'").hasMessageContaining("nested");
        assertThatThrownBy(() -> PersonalFields.of(NestedRecord.class))
                .hasMessageContaining("NestedRecord component 'inner'");
        assertThatThrownBy(() -> PersonalFields.of(NotARecord.class))
                .hasMessageContaining("NotARecord").hasMessageContaining("record components only");
    }
}
