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

    private final ObjectMapper mapper = LetheObjectMapper.create();
    private final InMemoryKeyVault vault = new InMemoryKeyVault();
    private final ShreddingCodec codec = new ShreddingCodec(mapper, vault);

    @Test
    void encryptsEveryPersonalFieldAndNothingElse() throws Exception {
        byte[] stored = codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID));

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

        assertThat(codec.decrypt(codec.encrypt(event), CustomerRegistered.class)).isEqualTo(event);
    }

    @Test
    void leavesAbsentAndErasedFieldsAsTheyAre() throws Exception {
        ContactDetailsChanged event = new ContactDetailsChanged(CUSTOMER_ID, "marketing", null,
                Personal.of("new@example.org"), null, Personal.erased(), null);

        byte[] stored = codec.encrypt(event);

        JsonNode tree = mapper.readTree(stored);
        assertThat(tree.get("name").isNull()).isTrue();
        assertThat(PersonalDataModule.isErasedMarker(tree.get("postalAddress"))).isTrue();
        assertThat(codec.decrypt(stored, ContactDetailsChanged.class)).isEqualTo(event);
    }

    @Test
    void readsErasedWhereTheKeyIsGoneKeepingEverythingElse() {
        byte[] stored = codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID));

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

        assertThatThrownBy(() -> codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID)))
                .isInstanceOf(SubjectErasedException.class);
    }

    @Test
    void rejectsAFlippedByteNamingTypeAndFieldButNoData() throws Exception {
        ObjectNode tree = (ObjectNode) mapper.readTree(codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID)));
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
        ObjectNode tree = (ObjectNode) mapper.readTree(codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID)));
        tree.set("name", tree.get("email"));

        assertThatThrownBy(() -> codec.decrypt(tree, CustomerRegistered.class))
                .isInstanceOf(PersonalDataIntegrityException.class)
                .hasMessageContaining("'name'");
    }

    @Test
    void rejectsAFieldMovedIntoAnotherSubjectsEvent() throws Exception {
        ObjectNode ada = (ObjectNode) mapper.readTree(codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID)));
        ObjectNode other = (ObjectNode) mapper.readTree(
                codec.encrypt(SampleEvents.customerRegistered(OTHER_CUSTOMER_ID)));
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
                codec.encrypt(SampleEvents.customerRegistered(CUSTOMER_ID)));
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
        ObjectNode stored = codec.encryptToTree(SampleEvents.customerRegistered(CUSTOMER_ID));

        ObjectNode plaintext = codec.decryptTree(stored, "CustomerRegistered@0", "customerId", List.of("email"));
        plaintext.put("email", "changed@example.org");
        ObjectNode reEncrypted = codec.encryptTree(plaintext, "CustomerRegistered@0", "customerId", List.of("email"));

        assertThat(plaintext.get("email").textValue()).isEqualTo("changed@example.org");
        assertThat(EncryptedField.isEnvelope(plaintext.get("name"))).isTrue();
        assertThat(EncryptedField.isEnvelope(stored.get("email"))).as("input left unchanged").isTrue();
        assertThat(codec.decrypt(reEncrypted, CustomerRegistered.class).email())
                .isEqualTo(Personal.of("changed@example.org"));
    }
}
