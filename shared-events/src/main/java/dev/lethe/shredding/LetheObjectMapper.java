package dev.lethe.shredding;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one Jackson 2 configuration of the stored and published event contract. */
public final class LetheObjectMapper {

    private LetheObjectMapper() {
    }

    /**
     * A new mapper (callers may register more modules on it; the Axon serializer does):
     * <ul>
     *   <li>java.time as ISO-8601 strings ({@code "1815-12-10"}, {@code "2026-01-02T03:04:05Z"}), readable by
     *       any consumer and stable across Jackson versions, not numeric timestamps; offsets are kept as
     *       written rather than shifted to the reader's time zone;</li>
     *   <li>unknown properties are ignored: producers and consumers deploy independently, so adding an
     *       optional field must not break an older reader and need not be a new revision. Renames and
     *       removals are caught by the golden-JSON tests, and need a revision and an upcaster;</li>
     *   <li>duplicate object keys are rejected, so a stored event cannot carry a second, different value
     *       for a field (for instance plaintext next to its ciphertext);</li>
     *   <li>no default typing: stored JSON never names Java classes to instantiate.</li>
     * </ul>
     */
    public static ObjectMapper create() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new PersonalDataModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
    }
}
