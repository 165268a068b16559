package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.contract.DataSubjectId;
import dev.lethe.contract.Personal;
import dev.lethe.contract.PersonalData;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    /** What the audit trail computed before, with a tree of the whole payload. */
    private static List<String> presentByTree(Class<?> type, byte[] stored) throws Exception {
        JsonNode tree = LetheObjectMapper.create().readTree(stored);
        return PersonalFields.of(type).personalFields().stream().filter(tree::hasNonNull).toList();
    }

    @Test
    void listsThePersonalFieldsAStoredPayloadCarriesAsATreeWouldWithoutOne() throws Exception {
        ShreddingCodec codec = new ShreddingCodec(LetheObjectMapper.create(), new InMemoryKeyVault());
        List<Object> events = new ArrayList<>(SampleEvents.all());
        events.add(new ContactDetailsChanged(SampleEvents.CUSTOMER_ID, "marketing", null, Personal.of("a@b.example"),
                Personal.erased(), null, Personal.erased()));
        for (Object event : events) {
            byte[] stored = codec.encrypt(event, "event-1");

            assertThat(PersonalFields.of(event.getClass()).presentIn(stored)).as(event.getClass().getSimpleName())
                    .isEqualTo(presentByTree(event.getClass(), stored));
        }
        assertThat(PersonalFields.of(ContactDetailsChanged.class).presentIn(
                codec.encrypt(events.get(events.size() - 1), "event-2")))
                .containsExactly("email", "phone", "birthDate");
    }

    @Test
    void refusesWhatIsNoJsonObjectWithoutQuotingIt() {
        for (String stored : new String[] {"[1]", "\"secret\"", "{\"name\":", "secret", "",
                "{\"name\":1,\"name\":2}"}) {
            for (Class<?> type : List.of(CustomerRegistered.class, CustomerErased.class)) {
                assertThatThrownBy(() -> PersonalFields.of(type).presentIn(stored.getBytes(StandardCharsets.UTF_8)))
                        .as(stored).isExactlyInstanceOf(ShreddingException.class)
                        .hasMessageNotContaining("secret");
            }
        }
    }
}
