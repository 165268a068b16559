package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.lethe.local.forgetting.ExistingKeks;
import dev.lethe.local.forgetting.RawFileScan;
import dev.lethe.local.forgetting.WrappedKeyScraper;
import dev.lethe.localstack.LocalPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 14's proof: once a person is erased and the erasure purge has done what it promises, no file of the
 * platform — PostgreSQL's whole data directory ({@code base/}, {@code pg_wal/}, …), every topic's log directory of
 * the broker, every process's log — holds any of their personal data in any encoding, and no copy of their data key
 * there can be unwrapped with a key-encryption key that still exists. Files are read raw, by test code that shares
 * nothing with the services. A positive control shows the same scan finding the person and unwrapping their key
 * before the erasure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PhysicalErasureIT extends RunningPlatform {

    static final String PURGE = "/api/operations/erasure/purge";
    /** Beyond the latest time the purge's answer names: a checkpoint, a scan and a busy machine. */
    static final Duration MARGIN = Duration.ofSeconds(90);
    static final Duration LONGEST_PROMISE = Duration.ofMinutes(10);
    private static final String LETTERS = "bcdfghjklmnpqrstvwxz";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern INSTANT = Pattern.compile("\"(\\d{4}-\\d{2}-\\d{2}T[^\"]+)\"");

    /** The person, by label: each value occurs nowhere else, so any hit is theirs. */
    static final Map<String, String> CANARIES = new LinkedHashMap<>();
    static String customerId;
    /** Someone else, never erased: their key must stay recoverable, or the KEKs the scraper was given are not the real ones. */
    static String bystanderId;

    @Test
    @Order(1)
    void beforeTheErasureTheScanFindsThePersonInRawFilesAndTheScraperUnwrapsTheirKey() throws Exception {
        CANARIES.put("name", "Kanarie " + capitalised(letters(10)));
        CANARIES.put("email", "k." + letters(10) + "@example.org");
        CANARIES.put("updated email", "k2." + letters(10) + "@example.org");
        CANARIES.put("phone", "+4930" + digits(8));
        CANARIES.put("street", "Kanarienweg " + capitalised(letters(8)));
        CANARIES.put("city", "Vogelsang " + capitalised(letters(8)));
        CANARIES.put("webshop reference", "wref-" + letters(10));
        CANARIES.put("crm reference", "cref-" + letters(10));
        String bystanderReference = "bref-" + letters(10);
        bystanderId = JsonPath.read(driver.accept("webshop:" + bystanderReference, "RegisterCustomer", "webshop",
                "order-fulfilment", "{\"sourceCustomerId\":\"%s\",\"name\":\"Bystander %s\",\"email\":\"b.%s@example.org\"}"
                        .formatted(bystanderReference, capitalised(letters(10)), letters(10))), "$.customerId");
        String webshopKey = "webshop:" + CANARIES.get("webshop reference");
        String crmKey = "crm:" + CANARIES.get("crm reference");

        String registration = java.util.UUID.randomUUID().toString();
        driver.send(webshopKey, PlatformDriver.command(registration, "RegisterCustomer", "webshop", "order-fulfilment",
                ("{\"sourceCustomerId\":\"%s\",\"name\":\"%s\",\"email\":\"%s\",\"phone\":\"%s\",\"postalAddress\":"
                        + "{\"street\":\"%s\",\"postalCode\":\"10115\",\"city\":\"%s\",\"country\":\"DE\"}}").formatted(
                        CANARIES.get("webshop reference"), CANARIES.get("name"), CANARIES.get("email"),
                        CANARIES.get("phone"), CANARIES.get("street"), CANARIES.get("city"))));
        // At once, before anything could purge it: the producer's record lies in the command topic's files.
        List<RawFileScan.Hit> commandTopic = scan(commandTopicDirectories());
        assertThat(summary(commandTopic)).as("the scan finds the registration in the broker's files")
                .anyMatch(line -> line.startsWith("kafka lethe.commands-") && line.contains("name [plain"));
        customerId = JsonPath.read(driver.awaitResult(registration), "$.customerId");

        String linked = driver.accept(crmKey, "RegisterCustomer", "crm", "lead",
                "{\"sourceCustomerId\":\"%s\",\"name\":\"%s\",\"email\":\"%s\"}".formatted(
                        CANARIES.get("crm reference"), CANARIES.get("name"), CANARIES.get("email")));
        assertThat((String) JsonPath.read(linked, "$.customerId")).as("the second source's record links to the person")
                .isEqualTo(customerId);
        driver.accept(webshopKey, "UpdateContactDetails", "webshop", "order-fulfilment",
                "{\"sourceCustomerId\":\"%s\",\"email\":\"%s\"}".formatted(
                        CANARIES.get("webshop reference"), CANARIES.get("updated email")));
        driver.accept(webshopKey, "GrantConsent", "webshop", "marketing",
                "{\"sourceCustomerId\":\"%s\",\"channel\":\"email\",\"consentTextVersion\":\"newsletter-v3\"}".formatted(
                        CANARIES.get("webshop reference")));
        driver.awaitCustomer(customerId, view -> view.contains(CANARIES.get("name")) && view.contains("\"granted\":true"));

        checkpoint();
        List<WrappedKeyScraper.Recovered> keys = scrape(customerId);
        System.out.printf("positive control: %d key copies unwrapped%n  %s%n", keys.size(), String.join("\n  ", keySummary(keys)));
        assertThat(keys).as("the scraper unwraps the person's data key from raw files with an existing KEK").isNotEmpty();
        // the person's encrypted fields are in the files too: what the unwrapped key would open
        List<String> envelopes = summary(new RawFileScan(keys.stream().map(WrappedKeyScraper.Recovered::keyId).distinct()
                .map(kid -> new RawFileScan.Needle("ciphertext", "kid", ("\"kid\":\"" + kid + "\"").getBytes(
                        java.nio.charset.StandardCharsets.UTF_8))).toList()).scan(platformFiles()));
        System.out.printf("positive control: the person's field envelopes%n  %s%n", String.join("\n  ", envelopes));
        assertThat(envelopes).as("field envelopes of the person's key in the database's files")
                .anyMatch(line -> line.startsWith("postgres"));
        // informational: where the person's data lies in the clear now (on main: the read model, lethe.commands, WAL)
        List<RawFileScan.Hit> hits = scan(platformFiles());
        System.out.printf("positive control: %d hits%n  %s%n", hits.size(), String.join("\n  ", summary(hits)));
    }

    @Test
    @Order(2)
    void afterTheErasureAndThePurgeNoFileHoldsThePersonOrAnUnwrappableKeyOfTheirs() throws Exception {
        assertThat(customerId).as("the positive control ran").isNotNull();
        driver.accept(customerId, "EraseCustomer", "support", "customer-service",
                "{\"customerId\":\"%s\",\"reason\":\"DATA_SUBJECT_REQUEST\"}".formatted(customerId));
        driver.awaitStatus(customerId, 410);

        Instant purgeCalled = Instant.now();
        HttpResponse<String> purge = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(platform.commandUrl() + PURGE)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + LocalTokens.mint("e2e-operator", List.of("OPERATOR")))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        System.out.printf("purge: %d in %d ms: %s%n", purge.statusCode(),
                Duration.between(purgeCalled, Instant.now()).toMillis(), purge.body());

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(purge.statusCode()).as("POST %s answers what it did: %s", PURGE, purge.body()).isEqualTo(200);
        Duration patience = purge.statusCode() == 200 ? promised(purge.body()).plus(MARGIN) : Duration.ZERO;
        AtomicReference<Observation> last = new AtomicReference<>(observe());
        if (!last.get().clean() && !patience.isZero()) {
            try {
                await("no file holding the erased person or an unwrappable key of theirs").atMost(patience)
                        .pollInterval(Duration.ofSeconds(5)).pollInSameThread()
                        .until(() -> last.updateAndGet(previous -> observe()).clean());
            } catch (ConditionTimeoutException timeout) {
                // reported below, with what is left where
            }
        }
        System.out.printf("after the purge: %d hits, %d key copies unwrapped%n  %s%n  %s%n", last.get().hits().size(),
                last.get().keys().size(), String.join("\n  ", summary(last.get().hits())),
                String.join("\n  ", keySummary(last.get().keys())));
        softly.assertThat(summary(last.get().hits())).as("files holding the erased person's data").isEmpty();
        softly.assertThat(keySummary(last.get().keys())).as("copies of the erased person's data key that an existing KEK unwraps")
                .isEmpty();
        List<WrappedKeyScraper.Recovered> bystander = scrape(bystanderId);
        System.out.printf("the bystander's key: %s%n", keySummary(bystander));
        softly.assertThat(bystander).as("a living person's data key unwraps from raw files with the KEKs given to the "
                + "scraper (else they are not the ones in use, and finding nothing above proves nothing)").isNotEmpty();
        softly.assertAll();
    }

    /** What the files hold after a checkpoint. */
    private record Observation(List<RawFileScan.Hit> hits, List<WrappedKeyScraper.Recovered> keys) {
        boolean clean() {
            return hits.isEmpty() && keys.isEmpty();
        }
    }

    private static Observation observe() {
        try {
            checkpoint();
        } catch (SQLException e) {
            throw new IllegalStateException("CHECKPOINT failed", e);
        }
        return new Observation(scan(platformFiles()), scrape(customerId));
    }

    private static List<RawFileScan.Hit> scan(List<Path> roots) {
        long started = System.nanoTime();
        List<RawFileScan.Hit> hits = RawFileScan.forCanaries(CANARIES).scan(roots);
        System.out.printf("scanned %s in %d ms%n", roots, (System.nanoTime() - started) / 1_000_000);
        return hits;
    }

    private static List<WrappedKeyScraper.Recovered> scrape(String subjectId) {
        long started = System.nanoTime();
        Map<String, byte[]> keks = ExistingKeks.of(platform.dataDirectory(), serviceJar(LethePlatform.COMMAND_SERVICE),
                serviceJar(LethePlatform.QUERY_SERVICE));
        assertThat(keks).as("the key-encryption keys that exist").isNotEmpty();
        List<WrappedKeyScraper.Recovered> recovered = new WrappedKeyScraper(keks).recover(subjectId, platformFiles());
        System.out.printf("scraped for keys with KEKs %s in %d ms%n", keks.keySet(), (System.nanoTime() - started) / 1_000_000);
        return recovered;
    }

    /** Every file of the platform: the database's data directory, the broker's, every log, the keyring. */
    private static List<Path> platformFiles() {
        return platform.logsDirectory().startsWith(platform.dataDirectory()) ? List.of(platform.dataDirectory())
                : List.of(platform.dataDirectory(), platform.logsDirectory());
    }

    private static List<Path> commandTopicDirectories() throws java.io.IOException {
        try (var partitions = java.nio.file.Files.list(platform.dataDirectory().resolve("kafka").resolve("data"))) {
            return partitions.filter(directory -> directory.getFileName().toString().matches("lethe\\.commands-\\d+"))
                    .toList();
        }
    }

    private static Path serviceJar(String service) {
        return Path.of(System.getProperty("lethe.services.dir", "target/services")).resolve(service + "-exec.jar");
    }

    /** Writes dirty pages to the data files so that the heap files hold what the database holds (deletes nothing). */
    private static void checkpoint() throws SQLException {
        try (Connection connection = DriverManager.getConnection(platform.jdbcUrl(), LocalPostgres.USERNAME,
                LocalPostgres.PASSWORD); Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
    }

    /** How long after now the purge's answer says the last file goes: its latest time, if later than now. */
    private static Duration promised(String answer) {
        Instant latest = Instant.now();
        Matcher time = INSTANT.matcher(answer);
        while (time.find()) {
            try {
                Instant named = Instant.parse(time.group(1));
                latest = named.isAfter(latest) ? named : latest;
            } catch (DateTimeParseException notAnInstant) {
                // some other text that looks like a date
            }
        }
        Duration bound = Duration.between(Instant.now(), latest);
        assertThat(bound).as("the purge promises files gone within %s: %s", LONGEST_PROMISE, answer)
                .isLessThanOrEqualTo(LONGEST_PROMISE);
        return bound;
    }

    /** One line per place, value and forms: {@code kafka lethe.commands-0/…log: name [plain, hex] ×2}. */
    static List<String> summary(List<RawFileScan.Hit> hits) {
        Map<String, TreeSet<String>> forms = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        Map<Path, String> places = new java.util.HashMap<>();
        for (RawFileScan.Hit hit : hits) {
            String key = places.computeIfAbsent(hit.file(), PhysicalErasureIT::place) + ": " + hit.needle().label();
            forms.computeIfAbsent(key, any -> new TreeSet<>()).add(hit.needle().form());
            counts.merge(key, 1, Integer::sum);
        }
        return forms.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue() + " x" + counts.get(entry.getKey()))
                .toList();
    }

    static List<String> keySummary(List<WrappedKeyScraper.Recovered> keys) {
        return keys.stream().map(key -> place(key.file()) + " @" + key.offset() + " under " + key.kekId()).toList();
    }

    /** A file as someone reading the report understands it: the table a heap file belongs to, a topic partition. */
    private static String place(Path file) {
        Path relative = platform.dataDirectory().relativize(file.toAbsolutePath());
        String text = relative.toString().replace('\\', '/');
        Matcher heap = Pattern.compile("postgres/base/(\\d+)/(\\d+)(.*)").matcher(text);
        if (heap.matches()) {
            return "postgres " + relation(Long.parseLong(heap.group(1)), Long.parseLong(heap.group(2))) + heap.group(3)
                    + " (" + text + ")";
        }
        Matcher kafka = Pattern.compile("kafka/data/([^/]+)/(.*)").matcher(text);
        if (kafka.matches()) {
            return "kafka " + kafka.group(1) + "/" + kafka.group(2);
        }
        return text;
    }

    private static String relation(long database, long fileNode) {
        try (Connection connection = DriverManager.getConnection(platform.jdbcUrl(), LocalPostgres.USERNAME,
                LocalPostgres.PASSWORD);
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT (SELECT oid FROM pg_database WHERE datname = current_database()) = ?, "
                             + "pg_filenode_relation(0, ?)::regclass::text")) {
            statement.setLong(1, database);
            statement.setLong(2, fileNode);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1) && result.getString(2) != null ? result.getString(2) : "database " + database;
            }
        } catch (SQLException e) {
            return "relation unknown";
        }
    }

    private static String letters(int count) {
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < count; i++) {
            letters.append(LETTERS.charAt(RANDOM.nextInt(LETTERS.length())));
        }
        return letters.toString();
    }

    private static String capitalised(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static String digits(int count) {
        StringBuilder digits = new StringBuilder().append(1 + RANDOM.nextInt(9));
        while (digits.length() < count) {
            digits.append(RANDOM.nextInt(10));
        }
        return digits.toString();
    }
}
