package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the plaintext (pre-encryption) JSON of every stored event revision. When an event changes shape, its
 * old golden file must keep reading (through an upcaster) and a new revision gets a new file; a failure
 * here means stored events would no longer read as they did.
 */
class GoldenEventJsonTest {

    private final ObjectMapper mapper = LetheObjectMapper.create();

    static Iterable<Object> events() {
        return SampleEvents.all();
    }

    @Test
    void everyStoredEventTypeHasASampleAndAGoldenFile() {
        Set<Class<?>> revisioned = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.lethe.contract").stream()
                .filter(c -> c.isAnnotatedWith(Revision.class))
                .map(JavaClass::reflect)
                .collect(Collectors.toSet());

        assertThat(revisioned).isNotEmpty();
        assertThat(SampleEvents.types()).containsExactlyInAnyOrderElementsOf(revisioned);
    }

    @ParameterizedTest
    @MethodSource("events")
    void goldenJsonStillReadsAsTheEventAndTheEventStillWritesAsIt(Object event) throws IOException {
        JsonNode golden = golden(event.getClass());

        assertThat(mapper.treeToValue(golden, event.getClass())).isEqualTo(event);
        assertThat((JsonNode) mapper.valueToTree(event)).isEqualTo(golden);
    }

    private JsonNode golden(Class<?> type) throws IOException {
        String revision = type.getAnnotation(Revision.class).value();
        String path = "/golden/" + type.getSimpleName() + "-v" + revision + ".json";
        try (InputStream in = getClass().getResourceAsStream(path)) {
            assertThat(in).as("golden file %s", path).isNotNull();
            return mapper.readTree(in);
        }
    }
}
