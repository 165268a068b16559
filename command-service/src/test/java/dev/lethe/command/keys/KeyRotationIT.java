package dev.lethe.command.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.command.support.CommandServiceIntegrationTest;
import dev.lethe.command.support.Commands;
import dev.lethe.command.support.TestCommand;
import dev.lethe.contract.Personal;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.localstack.LocalJwt;
import dev.lethe.shredding.JdbcKeyVault;
import dev.lethe.shredding.KeyEncryptionKeys;
import dev.lethe.shredding.LetheObjectMapper;
import dev.lethe.shredding.ShreddingCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An operator rotates the key-encryption key while the service runs: every data key is re-wrapped under the new
 * KEK, no event changes by a single byte, people still read back (also by a vault that no longer has the old
 * KEK, as after a restart with it removed), and new people get the new KEK.
 */
class KeyRotationIT extends CommandServiceIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OLD_KEK_ID = "local-kek-1";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    EventStore eventStore;

    @Test
    void rotatingReWrapsEveryDataKeyOnlineAndLeavesEveryEventUntouched() throws Exception {
        Commands commands = new Commands(kafka, COMMANDS, kafka.read(RESULTS));
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            people.add(commands.accepted(TestCommand.registerErika("rot-" + UUID.randomUUID())));
        }
        for (String person : people) {
            assertThat(registration(person).name()).isEqualTo(Personal.of("Erika Mustermann"));
        }
        Map<String, StoredKey> keysBefore = storedKeys(people);
        Map<String, List<byte[]>> eventsBefore = storedEvents(people);
        assertThat(keysBefore.values()).allSatisfy(key -> assertThat(key.kekId()).isEqualTo(OLD_KEK_ID));
        JsonNode before = call("GET", "/api/operations/keys", null, operator());
        assertThat(before.get("currentKekId").asText()).isEqualTo(OLD_KEK_ID);
        assertThat(before.at("/keysByKek/" + OLD_KEK_ID).asLong()).isGreaterThanOrEqualTo(3);

        JsonNode rotated = call("POST", "/api/operations/keys/rotate", "{\"kekId\":\"" + SECOND_KEK_ID + "\"}",
                operator());

        assertThat(rotated.get("kekId").asText()).isEqualTo(SECOND_KEK_ID);
        assertThat(rotated.get("rewrapped").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(rotated.at("/status/currentKekId").asText()).isEqualTo(SECOND_KEK_ID);
        assertThat(rotated.at("/status/keysByKek").has(OLD_KEK_ID)).isFalse();
        assertThat(rotated.at("/status/retirableKekIds").toString()).contains(OLD_KEK_ID);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM key_vault.data_key WHERE kek_id <> ?", Long.class,
                SECOND_KEK_ID)).isZero();
        Map<String, StoredKey> keysAfter = storedKeys(people);
        for (String person : people) {
            StoredKey was = keysBefore.get(person);
            StoredKey is = keysAfter.get(person);
            assertThat(is.kekId()).isEqualTo(SECOND_KEK_ID);
            assertThat(is.keyId()).isEqualTo(was.keyId());
            assertThat(is.wrapped()).isNotEqualTo(was.wrapped());
        }
        Map<String, List<byte[]>> eventsAfter = storedEvents(people);
        for (String person : people) {
            assertThat(eventsAfter.get(person)).usingElementComparator(Arrays::compare)
                    .containsExactlyElementsOf(eventsBefore.get(person));
        }
        // this service, whose cache may still hold the keys, and a fresh one without the old KEK
        ShreddingCodec withoutOldKek = new ShreddingCodec(LetheObjectMapper.create(), new JdbcKeyVault(dataSource,
                KeyEncryptionKeys.fromBase64(SECOND_KEK_ID, Map.of(SECOND_KEK_ID, SECOND_KEK)), Duration.ofMinutes(5)));
        for (String person : people) {
            assertThat(registration(person).email().value()).startsWith("erika.");
            CustomerRegistered read = withoutOldKek.decrypt(eventsAfter.get(person).get(0), CustomerRegistered.class);
            assertThat(read.name()).isEqualTo(Personal.of("Erika Mustermann"));
        }

        String newcomer = commands.accepted(TestCommand.registerErika("rot-" + UUID.randomUUID()));
        assertThat(storedKeys(List.of(newcomer)).get(newcomer).kekId()).isEqualTo(SECOND_KEK_ID);
        JsonNode again = call("POST", "/api/operations/keys/rotate", "{\"kekId\":\"" + SECOND_KEK_ID + "\"}",
                operator());
        assertThat(again.get("rewrapped").asInt()).isZero();
    }

    @Test
    void aRotationRequestWithoutAConfiguredKekIsRefusedAndChangesNothing() throws Exception {
        String current = call("GET", "/api/operations/keys", null, operator()).get("currentKekId").asText();

        HttpResponse<String> unknown = send("POST", "/api/operations/keys/rotate", "{\"kekId\":\"kek-nowhere\"}",
                operator());
        HttpResponse<String> missing = send("POST", "/api/operations/keys/rotate", "{}", operator());
        HttpResponse<String> notJson = send("POST", "/api/operations/keys/rotate", "kek", operator());
        HttpResponse<String> analyst = send("POST", "/api/operations/keys/rotate",
                "{\"kekId\":\"" + SECOND_KEK_ID + "\"}", LocalJwt.mint("c-analyst", Duration.ofHours(1),
                        List.of("ANALYST", "COMPLIANCE_OFFICER")));
        HttpResponse<String> anonymous = send("GET", "/api/operations/keys", null, null);

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).get("code").asText()).isEqualTo("UNKNOWN_KEK");
        assertThat(JSON.readTree(unknown.body()).get("field").asText()).isEqualTo("kekId");
        assertThat(unknown.body()).doesNotContain("kek-nowhere");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).get("code").asText()).isEqualTo("MISSING_FIELD");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).get("code").asText()).isEqualTo("INVALID_JSON");
        assertThat(analyst.statusCode()).isEqualTo(403);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/operations/keys", null, operator()).get("currentKekId").asText())
                .isEqualTo(current);
    }

    private CustomerRegistered registration(String customerId) {
        return (CustomerRegistered) eventStore.readEvents(customerId).asStream()
                .filter(event -> event.getPayload() instanceof CustomerRegistered)
                .findFirst().orElseThrow().getPayload();
    }

    private record StoredKey(String keyId, String kekId, byte[] wrapped) {
    }

    private Map<String, StoredKey> storedKeys(List<String> subjects) {
        Map<String, StoredKey> keys = new HashMap<>();
        for (String subject : subjects) {
            keys.put(subject, jdbc.queryForObject(
                    "SELECT key_id::text, kek_id, wrapped_key FROM key_vault.data_key WHERE subject_id = ?",
                    (rs, row) -> new StoredKey(rs.getString(1), rs.getString(2), rs.getBytes(3)), subject));
        }
        return keys;
    }

    /** The stored payloads, in order, registration first. */
    private Map<String, List<byte[]>> storedEvents(List<String> subjects) {
        Map<String, List<byte[]>> events = new HashMap<>();
        for (String subject : subjects) {
            events.put(subject, jdbc.query("SELECT payload FROM event_store.domain_event_entry "
                    + "WHERE aggregateIdentifier = ? ORDER BY sequenceNumber", (rs, row) -> rs.getBytes(1), subject));
        }
        return events;
    }

    private static String operator() {
        return LocalJwt.mint("c-operator", Duration.ofHours(1), List.of("OPERATOR"));
    }

    private JsonNode call(String method, String path, String body, String token) throws Exception {
        HttpResponse<String> response = send(method, path, body, token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
