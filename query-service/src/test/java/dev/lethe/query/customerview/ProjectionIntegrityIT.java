package dev.lethe.query.customerview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.contract.Personal;
import dev.lethe.contract.consent.ConsentGranted;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerRegistered;
import dev.lethe.contract.customer.PostalAddress;
import dev.lethe.contract.identity.CustomerMergedInto;
import dev.lethe.contract.identity.CustomersMerged;
import dev.lethe.contract.identity.SourceRecordLinked;
import dev.lethe.localstack.TestInfrastructure;
import dev.lethe.query.support.Tokens;
import dev.lethe.shredding.ShreddingCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Per-customer sequencing and parking against the real broker and database. Records are produced onto the events
 * topic directly, with the header set the command service writes, so that this test decides their order and
 * their sequence numbers. Its own topic (one partition: a record that has been applied proves every earlier one
 * has been handled) and its own database, because the holes and poison records it leaves on the topic would be
 * parked again by any other test's rebuild.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
class ProjectionIntegrityIT {

    private static final String EVENTS = "lethe.events.integrity." + UUID.randomUUID().toString().substring(0, 8);
    private static final String DATABASE_URL = TestInfrastructure.shared().createDatabase("integrity");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(45);
    private static final Instant T0 = Instant.parse("2026-11-01T08:00:00Z");
    private static final KafkaProducer<String, byte[]> PRODUCER = producerAndSchema();

    @LocalServerPort
    int port;
    @Autowired
    ShreddingCodec codec;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.datasource.username", infrastructure::username);
        registry.add("spring.datasource.password", infrastructure::password);
        registry.add("spring.kafka.bootstrap-servers", infrastructure::bootstrapServers);
        registry.add("lethe.topics.events", () -> EVENTS);
    }

    @Test
    void eventsWhoseGlobalSequencesArriveOutOfOrderAreAllAppliedForBothCustomers() throws Exception {
        String anna = UUID.randomUUID().toString();
        String ben = UUID.randomUUID().toString();
        // concurrent commits: every event arrives with a lower store position than the one before it
        send(anna, 0, 1_000, registered(anna, "Anna Alt"), T0);
        send(ben, 0, 999, registered(ben, "Ben Berg"), T0.plusSeconds(1));
        send(anna, 1, 998, rename(anna, "Anna Neu"), T0.plusSeconds(2));
        send(ben, 1, 997, rename(ben, "Ben Neu"), T0.plusSeconds(3));
        send(anna, 2, 996, new ConsentGranted(anna, "marketing", "web", "v1", T0.plusSeconds(4)), T0.plusSeconds(4));

        JsonNode annaView = await().atMost(DEADLINE).until(() -> customer(anna), view -> view.path("consents").size() == 1);
        assertThat(annaView.get("name").asText()).isEqualTo("Anna Neu");
        assertThat(await().atMost(DEADLINE).until(() -> customer(ben), view -> view.has("name")).get("name").asText())
                .isEqualTo("Ben Neu");
        // the audit trail records each event's own store position, as its header says
        await().atMost(DEADLINE).until(() -> jdbc.queryForList("SELECT global_position FROM audit.entry "
                + "WHERE customer_id = ? ORDER BY sequence", Long.class, anna), positions -> positions.size() == 3);
        assertThat(jdbc.queryForList("SELECT global_position FROM audit.entry WHERE customer_id = ? ORDER BY sequence",
                Long.class, anna)).containsExactly(1_000L, 998L, 996L);
        assertThat(parkedOf(anna)).isEmpty();
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() throws Exception {
        String id = UUID.randomUUID().toString();
        send(id, 0, 10, registered(id, "Otto Normal"), T0);
        Record link = record(id, 1, 11, new SourceRecordLinked(id, "crm", Personal.of("crm-4"), "order-fulfilment",
                Personal.of("O. Normal"), Personal.of("otto@crm.example.org"), null, null, null), T0.plusSeconds(60));
        send(link);
        double redeliveredBefore = counter("lethe.projection.redelivered", Map.of("projection", "customer-view"));

        send(link); // the same record again, as after a publisher crash
        send(id, 2, 12, rename(id, "Otto Normal-Verbraucher"), T0.plusSeconds(120));

        JsonNode view = await().atMost(DEADLINE).until(() -> customer(id),
                node -> "Otto Normal-Verbraucher".equals(node.path("name").asText()));
        assertThat(view.get("sourceRecords")).hasSize(2);
        assertThat(counter("lethe.projection.redelivered", Map.of("projection", "customer-view")) - redeliveredBefore)
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.customer_source_record WHERE customer_id = ?",
                Long.class, id)).isEqualTo(2);
        assertThat(parkedOf(id)).isEmpty();
    }

    @Test
    void aHoleParksTheCustomerLoudlyWhileOthersCarryOnAndARetryAppliesItOnceFilled() throws Exception {
        String holed = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        Map<String, String> gapTag = Map.of("projection", "customer-view", "reason", "SEQUENCE_GAP");
        double gapsBefore = counter("lethe.projection.parked", gapTag);
        send(holed, 0, 20, registered(holed, "Hanna Loch"), T0);
        Record missing = record(holed, 1, 21, rename(holed, "Hanna Loch-Gefunden"), T0.plusSeconds(1));
        send(holed, 2, 22, new ConsentGranted(holed, "marketing", "web", "v1", T0.plusSeconds(2)), T0.plusSeconds(2));
        send(holed, 3, 23, new ConsentGranted(holed, "profiling", "web", "v1", T0.plusSeconds(3)), T0.plusSeconds(3));
        send(other, 0, 24, registered(other, "Olga Weiter"), T0.plusSeconds(4));
        send(other, 1, 25, rename(other, "Olga Weiter-So"), T0.plusSeconds(5));

        await().atMost(DEADLINE).until(() -> customer(other), view -> "Olga Weiter-So".equals(view.path("name").asText()));
        assertThat(parkedOf(holed)).containsExactly("2:SEQUENCE_GAP", "3:BEHIND_PARKED");
        JsonNode holedView = customer(holed);
        assertThat(holedView.get("name").asText()).as("nothing past the hole is applied").isEqualTo("Hanna Loch");
        assertThat(holedView.get("consents")).isEmpty();
        assertThat(counter("lethe.projection.parked", gapTag) - gapsBefore).isEqualTo(1);
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode projections = JSON.readTree(health.body()).get("components").get("projections");
        assertThat(projections.get("status").asText()).isEqualTo("DOWN");
        JsonNode customerView = projections.get("details").get("customer-view");
        assertThat(customerView.get("parkedEvents").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(customerView.get("parkedReasons").toString()).contains("SEQUENCE_GAP", "BEHIND_PARKED");
        JsonNode status = projectionStatus("customer-view");
        assertThat(status.get("status").asText()).isEqualTo("DOWN");
        assertThat(status.get("parkedReasons").toString()).contains("SEQUENCE_GAP");

        // the missing event turns up late (a publisher resending what the broker lost); it waits behind the hole too
        send(missing);
        await().atMost(DEADLINE).until(() -> parkedOf(holed).size() == 3);
        HttpResponse<String> retried = post("/api/operations/projections/customer-view/parked/retry");

        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(retried.body()).get("released").asInt()).as("the three of this customer").isEqualTo(3);
        assertThat(parkedOf(holed)).isEmpty();
        JsonNode healed = customer(holed);
        assertThat(healed.get("name").asText()).isEqualTo("Hanna Loch-Gefunden");
        assertThat(healed.get("consents").findValuesAsText("purpose")).containsExactly("marketing", "profiling");
        // and the customer moves on normally
        send(holed, 4, 26, rename(holed, "Hanna Ganz"), T0.plusSeconds(6));
        await().atMost(DEADLINE).until(() -> customer(holed), view -> "Hanna Ganz".equals(view.path("name").asText()));
    }

    @Test
    void anUndecodableRecordIsParkedByBothProjectionsAndThePartitionMovesOn() throws Exception {
        String broken = UUID.randomUUID().toString();
        String stranger = UUID.randomUUID().toString();
        String next = UUID.randomUUID().toString();
        Map<String, String> unreadable = Map.of("projection", "customer-view", "reason", "UNREADABLE_PAYLOAD");
        double before = counter("lethe.projection.parked", unreadable);
        send(broken, 0, 30, registered(broken, "Bruno Bruch"), T0);
        // a value that is not JSON, under a valid header set
        send(new Record(broken, ContactDetailsChanged.class.getName(), "{\"commandId\":".getBytes(StandardCharsets.UTF_8),
                UUID.randomUUID().toString(), 31, 1, T0.plusSeconds(1)));
        // a type outside the contract, and a record with no headers and no key at all
        send(new Record(stranger, "java.lang.Runtime", "{}".getBytes(StandardCharsets.UTF_8), UUID.randomUUID().toString(),
                32, 0, T0.plusSeconds(2)));
        PRODUCER.send(new ProducerRecord<>(EVENTS, null, "17".getBytes(StandardCharsets.UTF_8))).get();
        send(broken, 2, 33, rename(broken, "Bruno Ganz"), T0.plusSeconds(3));
        send(next, 0, 34, registered(next, "Nina Nachher"), T0.plusSeconds(4));

        // within the deadline: the partition did not jam behind the poison records
        await().atMost(DEADLINE).until(() -> get("/api/customers/" + next).statusCode() == 200);
        await().atMost(DEADLINE).until(() -> parkedOf(broken).size() == 2);
        assertThat(parkedOf(broken)).containsExactly("1:UNREADABLE_PAYLOAD", "2:BEHIND_PARKED");
        assertThat(customer(broken).get("name").asText()).isEqualTo("Bruno Bruch");
        assertThat(counter("lethe.projection.parked", unreadable) - before).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT reason FROM query.parked_event WHERE projection = 'customer-view' "
                + "AND customer_id = ?", String.class, stranger)).containsExactly("UNKNOWN_EVENT_TYPE");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.parked_event WHERE projection = 'customer-view' "
                + "AND customer_id IS NULL AND reason = 'MISSING_KEY'", Long.class)).isGreaterThanOrEqualTo(1);
        // the audit trail parks what it cannot read as well, and keeps the rest: no gap in its chain
        await().atMost(DEADLINE).until(() -> jdbc.queryForList("SELECT reason FROM query.parked_event "
                + "WHERE projection = 'audit-trail' AND customer_id = ?", String.class, broken),
                reasons -> reasons.equals(List.of("UNREADABLE_PAYLOAD")));
        await().atMost(DEADLINE).until(() -> jdbc.queryForObject("SELECT count(*) FROM audit.entry WHERE customer_id = ?",
                Long.class, broken) == 2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM query.parked_event WHERE detail LIKE '%commandId%'",
                Long.class)).as("never the payload").isZero();
        JsonNode health = JSON.readTree(get("/actuator/health").body()).get("components").get("projections");
        assertThat(health.get("details").get("audit-trail").get("parkedReasons").toString()).contains("UNREADABLE_PAYLOAD");
    }

    @Test
    void anOlderEventsPayloadOrFieldReplayedUnderANewEventIdIsParkedAsAnIntegrityFailure() throws Exception {
        String moved = UUID.randomUUID().toString();
        String swapped = UUID.randomUUID().toString();
        send(moved, 0, 40, registered(moved, "Rita Alt"), T0);
        Record renamed = record(moved, 1, 41, rename(moved, "Rita Neu"), T0.plusSeconds(1));
        send(renamed);
        send(swapped, 0, 42, registered(swapped, "Sven Alt"), T0);
        Record older = record(swapped, 1, 43, rename(swapped, "Sven Neu"), T0.plusSeconds(1));
        send(older);
        await().atMost(DEADLINE).until(() -> customer(swapped), view -> "Sven Neu".equals(view.path("name").asText()));

        // the whole older payload sent again as a later event (it names its own, older, event id)
        send(new Record(moved, renamed.type(), renamed.value(), UUID.randomUUID().toString(), 44, 2,
                T0.plusSeconds(2)));
        // a later event of the same person with the older event's name ciphertext swapped in
        Record later = record(swapped, 2, 45, rename(swapped, "Sven Später"), T0.plusSeconds(2));
        ObjectNode tampered = (ObjectNode) JSON.readTree(later.value());
        tampered.set("name", JSON.readTree(older.value()).get("name"));
        send(new Record(swapped, later.type(), JSON.writeValueAsBytes(tampered), later.eventId(), 45, 2,
                T0.plusSeconds(2)));

        await().atMost(DEADLINE).until(() -> parkedOf(moved).size() == 1 && parkedOf(swapped).size() == 1);
        assertThat(parkedOf(moved)).containsExactly("2:PERSONAL_DATA_INTEGRITY");
        assertThat(parkedOf(swapped)).containsExactly("2:PERSONAL_DATA_INTEGRITY");
        assertThat(customer(moved).get("name").asText()).isEqualTo("Rita Neu");
        assertThat(customer(swapped).get("name").asText()).isEqualTo("Sven Neu");
    }

    @Test
    void theTwoSidesOfAMergeGiveTheSameGoldenRecordInEitherOrder() throws Exception {
        String survivorFirst = UUID.randomUUID().toString();
        String memberFirst = UUID.randomUUID().toString();
        String survivorSecond = UUID.randomUUID().toString();
        String memberSecond = UUID.randomUUID().toString();
        for (String[] pair : List.of(new String[] {survivorFirst, memberFirst}, new String[] {survivorSecond, memberSecond})) {
            send(pair[0], 0, 40, registered(pair[0], "Max Muster"), T0);
            send(pair[1], 0, 41, registered(pair[1], "Maximilian Muster"), T0.plusSeconds(10));
            send(pair[1], 1, 42, new ConsentGranted(pair[1], "profiling", "phone", "v2", T0.plusSeconds(20)),
                    T0.plusSeconds(20));
        }
        Record survivorSide = record(survivorFirst, 1, 50, new CustomersMerged(survivorFirst, memberFirst,
                List.of("profiling")), T0.plusSeconds(100));
        Record memberSide = record(memberFirst, 2, 51, new CustomerMergedInto(memberFirst, survivorFirst),
                T0.plusSeconds(100));
        // the survivor's side first
        send(survivorSide);
        send(memberSide);
        // the member's side first
        send(memberSecond, 2, 51, new CustomerMergedInto(memberSecond, survivorSecond), T0.plusSeconds(100));
        JsonNode halfMerged = await().atMost(DEADLINE).until(() -> customer(survivorSecond),
                view -> view.has("mergedCustomerIds"));
        assertThat(halfMerged.get("mergedCustomerIds").get(0).asText())
                .as("membership is the member's fact: it shows as soon as the member's side is applied")
                .isEqualTo(memberSecond);
        send(survivorSecond, 1, 50, new CustomersMerged(survivorSecond, memberSecond, List.of("profiling")),
                T0.plusSeconds(100));
        for (String survivor : List.of(survivorFirst, survivorSecond)) {
            await().atMost(DEADLINE).until(() -> jdbc.queryForObject("SELECT last_aggregate_sequence FROM "
                    + "query.customer_view WHERE customer_id = ?", Long.class, survivor) == 1);
        }

        JsonNode first = await().atMost(DEADLINE).until(() -> customer(survivorFirst),
                view -> view.has("mergedCustomerIds"));
        JsonNode second = customer(survivorSecond);
        assertThat(second.toString().replace(survivorSecond, "S").replace(memberSecond, "M"))
                .isEqualTo(first.toString().replace(survivorFirst, "S").replace(memberFirst, "M"));
        assertThat(first.get("name").asText()).isEqualTo("Maximilian Muster");
        assertThat(first.get("consents").findValuesAsText("purpose")).containsExactly("profiling");
        assertThat(customer(memberSecond).get("status").asText()).isEqualTo("MERGED");
        assertThat(parkedOf(survivorFirst)).isEmpty();
        assertThat(parkedOf(memberSecond)).isEmpty();
    }

    /** The customer's parked events in the customer view, as "aggregateSequence:REASON" in sequence order. */
    private List<String> parkedOf(String customerId) {
        return jdbc.queryForList("SELECT aggregate_sequence || ':' || reason FROM query.parked_event "
                + "WHERE projection = 'customer-view' AND customer_id = ? ORDER BY aggregate_sequence", String.class,
                customerId);
    }

    private double counter(String name, Map<String, String> tags) {
        var search = meters.find(name);
        for (var tag : tags.entrySet()) {
            search = search.tag(tag.getKey(), tag.getValue());
        }
        Counter counter = search.counter();
        return counter == null ? 0 : counter.count();
    }

    private JsonNode projectionStatus(String name) throws Exception {
        for (JsonNode projection : JSON.readTree(get("/api/operations/projections").body())) {
            if (name.equals(projection.path("name").asText())) {
                return projection;
            }
        }
        throw new AssertionError("no projection " + name);
    }

    private JsonNode customer(String id) throws Exception {
        return JSON.readTree(get("/api/customers/" + id).body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", Tokens.bearer(Tokens.forPath(path))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", Tokens.bearer(Tokens.forPath(path)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static CustomerRegistered registered(String id, String name) {
        return new CustomerRegistered(id, "webshop", Personal.of("w-" + id), "order-fulfilment", Personal.of(name),
                null, null, Personal.of(new PostalAddress("Hauptstr. 1", "10115", "Berlin", "DE")), null);
    }

    private static ContactDetailsChanged rename(String id, String name) {
        return new ContactDetailsChanged(id, "order-fulfilment", Personal.of(name), null, null, null, null);
    }

    private Record record(String customerId, long aggregateSequence, long globalSequence, Object event, Instant at) {
        String eventId = UUID.randomUUID().toString();
        return new Record(customerId, event.getClass().getName(), codec.encrypt(event, eventId), eventId,
                globalSequence, aggregateSequence, at);
    }

    private void send(String customerId, long aggregateSequence, long globalSequence, Object event, Instant at)
            throws Exception {
        send(record(customerId, aggregateSequence, globalSequence, event, at));
    }

    /** As the command service publishes an event: key = customer id, metadata in headers. */
    private static void send(Record event) throws Exception {
        var record = new ProducerRecord<>(EVENTS, event.customerId(), event.value());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("lethe.event.type", event.type());
        headers.put("lethe.event.revision", "1");
        headers.put("lethe.event.id", event.eventId());
        headers.put("lethe.event.global-sequence", String.valueOf(event.globalSequence()));
        headers.put("lethe.event.aggregate-sequence", String.valueOf(event.aggregateSequence()));
        headers.put("lethe.event.timestamp", event.timestamp().toString());
        headers.put("lethe.commandId", UUID.randomUUID().toString());
        headers.put("lethe.source", "webshop");
        headers.put("lethe.actor", "agent-17");
        headers.forEach((key, value) -> record.headers().add(key, value.getBytes(StandardCharsets.UTF_8)));
        PRODUCER.send(record).get();
    }

    private record Record(String customerId, String type, byte[] value, String eventId, long globalSequence,
                          long aggregateSequence, Instant timestamp) {
    }

    private static KafkaProducer<String, byte[]> producerAndSchema() {
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        Flyway.configure().dataSource(DATABASE_URL, infrastructure.username(), infrastructure.password())
                .schemas("key_vault").locations("classpath:db/lethe-key-vault").table("key_vault_schema_history")
                .load().migrate();
        try (var admin = Admin.create(Map.of("bootstrap.servers", infrastructure.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(EVENTS, 1, (short) 1))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }
}
