package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.PostalAddress;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonalDataModuleTest {

    record Holder(Personal<String> text, Personal<PostalAddress> address, Personal<LocalDate> date) {
    }

    private final ObjectMapper mapper = LetheObjectMapper.create();

    @Test
    void writesKnownValuesPlainAndReadsThemByTheirContainedType() throws Exception {
        Holder holder = new Holder(Personal.of("Ada"), Personal.of(SampleEvents.ADDRESS),
                Personal.of(LocalDate.of(1815, 12, 10)));

        String json = mapper.writeValueAsString(holder);

        assertThat(mapper.readTree(json)).isEqualTo(mapper.readTree("""
                {"text":"Ada",
                 "address":{"street":"12 St James's Square","postalCode":"SW1Y 4JH",
                            "city":"Marylebone London","country":"GB"},
                 "date":"1815-12-10"}"""));
        Holder read = mapper.readValue(json, Holder.class);
        assertThat(read).isEqualTo(holder);
        assertThat(read.date().value()).isInstanceOf(LocalDate.class);
        assertThat(read.address().value()).isInstanceOf(PostalAddress.class);
    }

    @Test
    void erasedIsAnExplicitMarkerBothWays() throws Exception {
        Holder holder = new Holder(Personal.erased(), Personal.erased(), Personal.erased());

        String json = mapper.writeValueAsString(holder);

        assertThat(mapper.readTree(json).get("address")).isEqualTo(PersonalDataModule.erasedMarker());
        Holder read = mapper.readValue(json, Holder.class);
        assertThat(read.text().isErased()).isTrue();
        assertThat(read.address().isErased()).isTrue();
        assertThat(read.date().isErased()).isTrue();
    }

    @Test
    void nullStaysNullMeaningNotGiven() throws Exception {
        Holder read = mapper.readValue("{\"text\":null}", Holder.class);

        assertThat(read.text()).isNull();
        assertThat(read.address()).isNull();
    }

    @Test
    void readsRootAndCollectionValuesFromTheContextualType() throws Exception {
        List<Personal<LocalDate>> dates = mapper.readValue("[\"2000-01-02\",{\"lethe:erased\":true}]",
                new TypeReference<>() {
                });

        assertThat(dates).containsExactly(Personal.of(LocalDate.of(2000, 1, 2)), Personal.erased());
    }

    @Test
    void refusesToReadAnEncryptedValueAsData() {
        String json = "{\"text\":{\"lethe:enc\":\"v1\",\"kid\":\"k\",\"ct\":\"AAAA\"}}";

        assertThatThrownBy(() -> mapper.readValue(json, Holder.class))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("must be decrypted by the ShreddingCodec");
    }

    @Test
    void rejectsDuplicateKeysSoAFieldCannotCarryTwoValues() {
        String json = "{\"text\":\"one\",\"text\":\"two\"}";

        assertThatThrownBy(() -> mapper.readTree(json)).hasMessageContaining("Duplicate field");
    }

    @Test
    void writesDatesAsIsoStrings() throws Exception {
        assertThat(mapper.writeValueAsString(java.time.Instant.parse("2026-01-02T03:04:05Z")))
                .isEqualTo("\"2026-01-02T03:04:05Z\"");
    }
}
