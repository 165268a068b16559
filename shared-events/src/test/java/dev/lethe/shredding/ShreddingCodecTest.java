package dev.lethe.shredding;

import static dev.lethe.shredding.SampleEvents.CUSTOMER_ID;
import static dev.lethe.shredding.SampleEvents.OTHER_CUSTOMER_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerRegistered;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShreddingCodecTest {

    private static final List<String> PERSONAL =
            List.of("sourceCustomerId", "name", "email", "phone", "postalAddress", "birthDate");

    private static final String EVENT_ID = "5e0c2b8a-3f41-4d6e-9a7b-1c2d3e4f5a6b";
    private static final String LATER_EVENT_ID = "8d7c6b5a-4e3f-4a1b-8c9d-0e1f2a3b4c5d";

    private final ObjectMapper mapper = LetheObjectMapper.create();
    private final InMemoryKeyVault vault = new InMemoryKeyVault();
    private final ShreddingCodec codec = new ShreddingCodec(mapper, vault);

    @Test
    void encryptsEveryPersonalFieldAndNothingElse() throws Exception {
        byte[] stored = codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID), EVENT_ID);

        JsonNode tree = mapper.readTree(stored);
        PERSONAL.forEach(field -> assertThat(EncryptedField.isEnvelope(tree.get(field))).as(field).isTrue());
        assertThat(tree.get("customerId").textValue()).isEqualTo(CUSTOMER_ID);
        assertThat(tree.get("source").textValue()).isEqualTo("crm");
        assertThat(tree.get("purpose").textValue()).isEqualTo("marketing");
        PlaintextSearch.assertAbsent(stored, SampleEvents.PERSONAL_VALUES);
    }

    @Test
    void decryptsBackToTheEvent() {
        CustomerRegistered event = SampleEvents.customerRegistered(CUSTOMER_ID);

        assertThat(codec.decrypt(codec.encrypt(event, EVENT_ID), CustomerRegistered.class)).isEqualTo(event);
    }

    @Test
    void leavesAbsentAndErasedFieldsAsTheyAre() throws Exception {
        ContactDetailsChanged event = new ContactDetailsChanged(CUSTOMER_ID, "marketing", null,
                Personal.of("new@example.org"), null, Personal.erased(), null);

        byte[] stored = codec.encrypt(event, EVENT_ID);

        JsonNode tree = mapper.readTree(stored);
        assertThat(tree.get("name").isNull()).isTrue();
        assertThat(PersonalDataModule.isErasedMarker(tree.get("postalAddress"))).isTrue();
        assertThat(codec.decrypt(stored, ContactDetailsChanged.class)).isEqualTo(event);
    }

    @Test
    void readsErasedWhereTheKeyIsGoneKeepingEverythingElse() {
        byte[] stored = codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID), EVENT_ID);

        vault.destroy(CUSTOMER_ID);

        CustomerRegistered read = codec.decrypt(stored, CustomerRegistered.class);
        assertThat(List.of(read.sourceCustomerId(), read.name(), read.email(), read.phone(), read.postalAddress(),
                read.birthDate())).allSatisfy(value -> assertThat(value.isErased()).isTrue());
        assertThat(read.customerId()).isEqualTo(CUSTOMER_ID);
        assertThat(read.source()).isEqualTo("crm");
        assertThat(read.purpose()).isEqualTo("marketing");
    }

    @Test
    void noNewKeyIsIssuedForAnErasedSubject() {
        vault.destroy(CUSTOMER_ID);

        assertThatThrownBy(() -> codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID), EVENT_ID))
                .isInstanceOf(SubjectErasedException.class);
    }

    @Test
    void rejectsAFlippedByteNamingTypeAndFieldButNoData() throws Exception {
        ObjectNode tree = (ObjectNode) mapper.readTree(codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID), EVENT_ID));
        ObjectNode email = (ObjectNode) tree.get("email");
        byte[] sealed = Base64.getDecoder().decode(email.get("ct").textValue());
        sealed[sealed.length / 2] ^= 0x40;
        email.put("ct", Base64.getEncoder().encodeToString(sealed));

        assertThatThrownBy(() -> codec.decrypt(tree, CustomerRegistered.class))
                .isInstanceOf(PersonalDataIntegrityException.class)
                .hasMessageContaining("'email'")
                .hasMessageContaining(CustomerRegistered.class.getName())
                .hasMessageNotContaining(email.get("ct").textValue())
                .hasMessageNotContaining(SampleEvents.EMAIL);
    }

    @Test
    void rejectsAFieldMovedIntoAnotherField() throws Exception {
        ObjectNode tree = (ObjectNode) mapper.readTree(codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID), EVENT_ID));
        tree.set("name", tree.get("email"));

        assertThatThrownBy(() -> codec.decrypt(tree, CustomerRegistered.class))
                .isInstanceOf(PersonalDataIntegrityException.class)
                .hasMessageContaining("'name'");
    }

    @Test
    void rejectsAFieldMovedIntoAnotherSubjectsEvent() throws Exception {
        ObjectNode ada = (ObjectNode) mapper.readTree(codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID), EVENT_ID));
        ObjectNode other = (ObjectNode) mapper.readTree(
                codec.encrypt(SampleEvents.customerRegistered(OTHER_CUSTOMER_ID), EVENT_ID));
        String othersKeyId = other.get("email").get("kid").textValue();

        ObjectNode moved = other.deepCopy();
        moved.set("email", ada.get("email"));
        ObjectNode relabelled = other.deepCopy();
        relabelled.set("email", ada.get("email").deepCopy());
        ((ObjectNode) relabelled.get("email")).put("kid", othersKeyId);

        assertThatThrownBy(() -> codec.decrypt(moved, CustomerRegistered.class))
                .isInstanceOf(PersonalDataIntegrityException.class).hasMessageContaining("'email'");
        assertThatThrownBy(() -> codec.decrypt(relabelled, CustomerRegistered.class))
                .isInstanceOf(PersonalDataIntegrityException.class).hasMessageContaining("'email'");
    }

    @Test
    void rejectsPersonalDataStoredUnencryptedOrMalformed() throws Exception {
        ObjectNode plain = mapper.valueToTree(SampleEvents.customerRegistered(CUSTOMER_ID));
        ObjectNode malformed = (ObjectNode) mapper.readTree(
                codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID), EVENT_ID));
        ((ObjectNode) malformed.get("phone")).put("lethe:enc", "v9");

        assertThatThrownBy(() -> codec.decrypt(plain, CustomerRegistered.class))
                .isInstanceOf(PersonalDataIntegrityException.class)
                .hasMessageContaining("unencrypted").hasMessageNotContaining(SampleEvents.SOURCE_CUSTOMER_ID);
        assertThatThrownBy(() -> codec.decrypt(malformed, CustomerRegistered.class))
                .isInstanceOf(PersonalDataIntegrityException.class)
                .hasMessageContaining("'phone'").hasMessageContaining("unknown format");
    }

    @Test
    void treeLevelVariantServesUpcastersByFieldNames() {
        ObjectNode stored = codec.encryptToTree(SampleEvents.customerRegistered(CUSTOMER_ID), EVENT_ID);
        String type = CustomerRegistered.class.getName();

        ObjectNode plaintext = codec.decryptTree(stored, type, "customerId", List.of("email"), EVENT_ID);
        plaintext.put("email", "changed@example.org");
        ObjectNode reEncrypted = codec.encryptTree(plaintext, type, "customerId", List.of("email"), EVENT_ID);

        assertThat(plaintext.get("email").textValue()).isEqualTo("changed@example.org");
        assertThat(EncryptedField.isEnvelope(plaintext.get("name"))).isTrue();
        assertThat(EncryptedField.isEnvelope(stored.get("email"))).as("input left unchanged").isTrue();
        assertThat(codec.decrypt(reEncrypted, CustomerRegistered.class).email())
                .isEqualTo(Personal.of("changed@example.org"));
    }

    @Test
    void sealsThePayloadForItsEvent() throws Exception {
        JsonNode tree = mapper.readTree(codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID), EVENT_ID));

        assertThat(tree.get(ShreddingCodec.EVENT_ID_FIELD).textValue()).isEqualTo(EVENT_ID);
        PERSONAL.forEach(field -> assertThat(tree.get(field).get("lethe:enc").textValue()).as(field).isEqualTo("v2"));
        assertThat(codec.decryptTree(tree, CustomerRegistered.class, EVENT_ID).has(ShreddingCodec.EVENT_ID_FIELD))
                .as("the plaintext form is the event's own JSON").isFalse();
    }

    @Test
    void rejectsAFieldSwappedInFromAnOlderEventOfTheSamePerson() throws Exception {
        ObjectNode older = (ObjectNode) mapper.readTree(
                codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID), EVENT_ID));
        ObjectNode later = (ObjectNode) mapper.readTree(codec.encrypt(new ContactDetailsChanged(CUSTOMER_ID,
                "marketing", null, Personal.of("new@example.org"), null, null, null), LATER_EVENT_ID));
        later.set("email", older.get("email"));

        assertThatThrownBy(() -> codec.decrypt(later, ContactDetailsChanged.class, LATER_EVENT_ID))
                .isInstanceOf(PersonalDataIntegrityException.class)
                .hasMessageContaining("'email'").hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> codec.decrypt(later, ContactDetailsChanged.class))
                .as("also without knowing the event id").isInstanceOf(PersonalDataIntegrityException.class);
    }

    @Test
    void rejectsAPayloadMovedWholeUnderAnotherEventId() throws Exception {
        byte[] stored = codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID), EVENT_ID);
        ObjectNode relabelled = (ObjectNode) mapper.readTree(stored);
        relabelled.put(ShreddingCodec.EVENT_ID_FIELD, LATER_EVENT_ID);
        ObjectNode unlabelled = (ObjectNode) mapper.readTree(stored);
        unlabelled.remove(ShreddingCodec.EVENT_ID_FIELD);

        assertThatThrownBy(() -> codec.decrypt(stored, CustomerRegistered.class, LATER_EVENT_ID))
                .isInstanceOf(PersonalDataIntegrityException.class)
                .hasMessageContaining("'lethe:eid'").hasMessageContaining("another event");
        assertThatThrownBy(() -> codec.decrypt(relabelled, CustomerRegistered.class, LATER_EVENT_ID))
                .as("the id inside changed to match").isInstanceOf(PersonalDataIntegrityException.class)
                .hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> codec.decrypt(unlabelled, CustomerRegistered.class, LATER_EVENT_ID))
                .as("the id inside removed").isInstanceOf(PersonalDataIntegrityException.class)
                .hasMessageContaining("names none");
        assertThat(codec.decrypt(stored, CustomerRegistered.class, EVENT_ID))
                .isEqualTo(SampleEvents.customerRegistered(CUSTOMER_ID));
    }

    @Test
    void stillReadsEventsOfFormatV1ButNoV1FieldInsideAV2Payload() throws Exception {
        CustomerRegistered event = SampleEvents.customerRegistered(CUSTOMER_ID);
        ObjectNode v1 = encryptAsV1(event);
        ObjectNode v2 = (ObjectNode) mapper.readTree(codec.encrypt(event, EVENT_ID));
        v2.set("email", v1.get("email"));

        assertThat(v1.has(ShreddingCodec.EVENT_ID_FIELD)).isFalse();
        assertThat(codec.decrypt(v1, CustomerRegistered.class)).isEqualTo(event);
        assertThat(codec.decrypt(v1, CustomerRegistered.class, EVENT_ID)).isEqualTo(event);
        assertThatThrownBy(() -> codec.decrypt(v2, CustomerRegistered.class, EVENT_ID))
                .isInstanceOf(PersonalDataIntegrityException.class)
                .hasMessageContaining("'email'").hasMessageContaining("format v1");
    }

    /** What ShreddingCodec wrote before format v2: the v1 envelope, no event id. */
    private ObjectNode encryptAsV1(Object event) {
        ObjectNode tree = mapper.valueToTree(event);
        PersonalFields fields = PersonalFields.of(event.getClass());
        DataKey key = vault.dataKeyFor(tree.get(fields.requiredSubjectIdField()).textValue());
        for (String field : fields.personalFields()) {
            if (!tree.get(field).isNull()) {
                tree.set(field, FieldCipher.encryptV1(key, field, tree.get(field).toString()
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toJson());
            }
        }
        return tree;
    }
}
