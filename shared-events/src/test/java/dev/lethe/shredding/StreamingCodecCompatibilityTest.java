package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.contract.DataSubjectId;
import dev.lethe.contract.Personal;
import dev.lethe.contract.PersonalData;
import dev.lethe.contract.customer.ContactDetailsChanged;
import dev.lethe.contract.customer.CustomerRegistered;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming codec ({@link ShreddingCodec#encrypt}, {@link ShreddingCodec#decrypt(byte[], Class, String)}) against
 * the tree-based logic it replaced, which the tree-level methods still run: the same stored bytes for the same key
 * and nonces, each reading what the other wrote, and the same verdict (value, erasure, or failure and its message)
 * for every altered payload.
 */
class StreamingCodecCompatibilityTest {

    private static final String SUBJECT = FieldCipherTest.SUBJECT;
    private static final String EVENT_ID = FieldCipherTest.EVENT_ID;
    private static final String OTHER_EVENT_ID = "0c6e2f4a-1b3d-4e5f-8a7b-9c0d1e2f3a4b";
    private static final DataKey KEY = new DataKey(SUBJECT, FieldCipherTest.KEY_ID, FieldCipherTest.DEK);

    /**
     * CustomerRegistered as stored with the documented test key ({@link FieldCipherTest#DEK}) and nonces 1, 2, 3…:
     * pinned, so that a change of field order, envelope layout, Base64 or associated data cannot pass unnoticed.
     */
    private static final String PINNED_CUSTOMER_REGISTERED = """
            {"lethe:eid":"9b1f0e52-7c3d-4a8e-b6f1-2d4c8a0e5f37","customerId":"3f1c2a9e-0d4b-4c55-9a57-6f0b2a6d8e\
            11","source":"crm","sourceCustomerId":{"lethe:enc":"v2","kid":"6d2f4a51-8c0e-4f7b-b1a3-2e9d5c7f0a64"\
            ,"ct":"AAAAAAAAAAAAAAABKag68lTqf5Jy96YS5mcFZ0OQjj7NPi49G30RJBDgmgM+GA=="},"purpose":"marketing","nam\
            e":{"lethe:enc":"v2","kid":"6d2f4a51-8c0e-4f7b-b1a3-2e9d5c7f0a64","ct":"AAAAAAAAAAAAAAACGhEzlpCwcNd7\
            aPCLY/scFmwliQ+oEdzMl6DiJtZlX4qDa8YGdSda"},"email":{"lethe:enc":"v2","kid":"6d2f4a51-8c0e-4f7b-b1a3-\
            2e9d5c7f0a64","ct":"AAAAAAAAAAAAAAAD5CWTqTldoyBbGYB+h/G06xhZqhoNETffRT94U7tRE55WYzcttdD59G3Ud5Ze+MSU\
            fRvBX5Sh2Oc="},"phone":{"lethe:enc":"v2","kid":"6d2f4a51-8c0e-4f7b-b1a3-2e9d5c7f0a64","ct":"AAAAAAAA\
            AAAAAAAEtpo0m3nL23t6xQaegubMXRaWEtfzjNDe6gJtALbbpteagw=="},"postalAddress":{"lethe:enc":"v2","kid":"\
            6d2f4a51-8c0e-4f7b-b1a3-2e9d5c7f0a64","ct":"AAAAAAAAAAAAAAAF9dzV2rpt7RIVm2yCm8aiMx5ae1TQN4i7iUZDUhYe\
            4QxDNlVZjwO95/3Zk86dpa5cdZ4QNr5CrUtH/7Yq5yuCQIX/jkvNYnyFZsZFApxMpwhL8tSDqu1ZuNgIREvrFlhVzsYgLJiS/lUu\
            VZPh/lOys1ozmg=="},"birthDate":{"lethe:enc":"v2","kid":"6d2f4a51-8c0e-4f7b-b1a3-2e9d5c7f0a64","ct":"\
            AAAAAAAAAAAAAAAGnVEigQvGOd9bO+ypDbOCrOnXEQdj4omykjsGmA=="}}\
            """;

    private final ObjectMapper mapper = LetheObjectMapper.create();
    private final InMemoryKeyVault vault = new InMemoryKeyVault();

    StreamingCodecCompatibilityTest() {
        vault.put(KEY);
    }

    /** Nonces 1, 2, 3… (big-endian in 12 bytes): the same sequence gives both codecs the same ciphertexts. */
    private static Supplier<byte[]> countingNonces() {
        long[] next = {0};
        return () -> {
            byte[] nonce = new byte[AesGcm.NONCE_BYTES];
            long n = ++next[0];
            for (int i = 0; i < 8; i++) {
                nonce[AesGcm.NONCE_BYTES - 1 - i] = (byte) (n >>> (8 * i));
            }
            return nonce;
        };
    }

    private ShreddingCodec codec() {
        return new ShreddingCodec(mapper, vault, countingNonces());
    }

    /** What the codec wrote before it streamed: the event's tree, encrypted field by field, then written. */
    private byte[] treeEncrypted(Object event, String eventId) throws Exception {
        return mapper.writeValueAsBytes(codec().encryptToTree(event, eventId));
    }

    /** What the codec read before it streamed: the stored tree, decrypted field by field, then bound. */
    private Object treeDecrypted(byte[] stored, Class<?> type, String eventId) {
        return verdict(() -> codec().decrypt(mapper.readTree(stored), type, eventId));
    }

    private Object streamDecrypted(byte[] stored, Class<?> type, String eventId) {
        return verdict(() -> codec().decrypt(stored, type, eventId));
    }

    /** The event read, or the failure as its type and (for an integrity failure, which names the field) message. */
    private static Object verdict(Callable<Object> read) {
        try {
            return read.call();
        } catch (PersonalDataIntegrityException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    @Test
    void pinnedStoredJsonOfAKnownEvent() throws Exception {
        byte[] streamed = codec().encrypt(SampleEvents.customerRegistered(SUBJECT), EVENT_ID);

        assertThat(new String(streamed, StandardCharsets.UTF_8)).isEqualTo(PINNED_CUSTOMER_REGISTERED);
        assertThat(treeEncrypted(SampleEvents.customerRegistered(SUBJECT), EVENT_ID)).isEqualTo(streamed);
        assertThat(treeDecrypted(PINNED_CUSTOMER_REGISTERED.getBytes(StandardCharsets.UTF_8), CustomerRegistered.class,
                EVENT_ID)).isEqualTo(SampleEvents.customerRegistered(SUBJECT));
    }

    static Iterable<Object> events() {
        return SampleEvents.all();
    }

    @ParameterizedTest
    @MethodSource("events")
    void streamingWritesTheBytesTheTreeLogicWroteAndEachReadsTheOthers(Object event) throws Exception {
        byte[] streamed = codec().encrypt(event, EVENT_ID);
        byte[] tree = treeEncrypted(event, EVENT_ID);

        assertThat(new String(streamed, StandardCharsets.UTF_8)).isEqualTo(new String(tree, StandardCharsets.UTF_8));
        assertThat(treeDecrypted(streamed, event.getClass(), EVENT_ID)).isEqualTo(event);
        assertThat(streamDecrypted(tree, event.getClass(), EVENT_ID)).isEqualTo(event);
        assertThat(streamDecrypted(streamed, event.getClass(), null)).isEqualTo(event);
    }

    @Test
    void absentAndErasedValuesAreWrittenAndReadAsBefore() throws Exception {
        ContactDetailsChanged event = new ContactDetailsChanged(SUBJECT, "marketing", null, Personal.of("a@b.example"),
                Personal.erased(), null, Personal.erased());
        byte[] streamed = codec().encrypt(event, EVENT_ID);

        assertThat(streamed).isEqualTo(treeEncrypted(event, EVENT_ID));
        assertThat(streamDecrypted(streamed, ContactDetailsChanged.class, EVENT_ID)).isEqualTo(event);
    }

    @Test
    void anEventWithoutAnyValueToEncryptAsksForNoKey() {
        vault.destroy(SUBJECT);
        ContactDetailsChanged erasedOnly = new ContactDetailsChanged(SUBJECT, "marketing", null, null,
                Personal.erased(), null, null);

        byte[] stored = codec().encrypt(erasedOnly, EVENT_ID);

        assertThat(streamDecrypted(stored, ContactDetailsChanged.class, EVENT_ID)).isEqualTo(erasedOnly);
        assertThatThrownBy(() -> codec().encrypt(SampleEvents.contactDetailsChanged(SUBJECT), EVENT_ID))
                .isInstanceOf(SubjectErasedException.class);
    }

    /** Payloads altered the ways the tree-level tests alter them, and then some; both readers must agree. */
    static Stream<Arguments> alteredPayloads() throws Exception {
        ObjectMapper mapper = LetheObjectMapper.create();
        InMemoryKeyVault vault = new InMemoryKeyVault();
        vault.put(KEY);
        ShreddingCodec codec = new ShreddingCodec(mapper, vault);
        ObjectNode stored = (ObjectNode) mapper.readTree(codec.encrypt(SampleEvents.customerRegistered(SUBJECT),
                EVENT_ID));
        String otherSubject = SampleEvents.OTHER_CUSTOMER_ID;
        ObjectNode others = (ObjectNode) mapper.readTree(codec.encrypt(
                SampleEvents.customerRegistered(otherSubject), EVENT_ID));
        ObjectNode v1 = (ObjectNode) mapper.valueToTree(SampleEvents.customerRegistered(SUBJECT));
        for (String field : PersonalFields.of(CustomerRegistered.class).personalFields()) {
            v1.set(field, FieldCipher.encryptV1(KEY, field, mapper.writeValueAsBytes(v1.get(field))).toJson());
        }
        EventBinding binding = new EventBinding(EVENT_ID, CustomerRegistered.class.getName());

        Map<String, Consumer<ObjectNode>> alterations = new LinkedHashMap<>();
        alterations.put("intact", tree -> { });
        alterations.put("flipped ciphertext byte", tree -> {
            ObjectNode email = (ObjectNode) tree.get("email");
            byte[] sealed = Base64.getDecoder().decode(email.get("ct").textValue());
            sealed[sealed.length / 2] ^= 0x40;
            email.put("ct", Base64.getEncoder().encodeToString(sealed));
        });
        alterations.put("field moved into another", tree -> tree.set("name", tree.get("email").deepCopy()));
        alterations.put("field of another subject", tree -> tree.set("email", others.get("email").deepCopy()));
        alterations.put("field of another subject relabelled", tree -> {
            tree.set("email", others.get("email").deepCopy());
            ((ObjectNode) tree.get("email")).put("kid", stored.get("email").get("kid").textValue());
        });
        alterations.put("text stored unencrypted", tree -> tree.put("phone", SampleEvents.PHONE));
        alterations.put("array stored unencrypted", tree -> tree.putArray("phone").add(1));
        alterations.put("object stored unencrypted", tree -> tree.set("postalAddress",
                mapper.valueToTree(SampleEvents.ADDRESS)));
        alterations.put("unknown version", tree -> ((ObjectNode) tree.get("phone")).put("lethe:enc", "v9"));
        alterations.put("version not text", tree -> ((ObjectNode) tree.get("phone")).put("lethe:enc", 2));
        alterations.put("extra envelope member", tree -> ((ObjectNode) tree.get("phone")).put("x", 1));
        alterations.put("no key id", tree -> {
            ((ObjectNode) tree.get("phone")).remove("kid");
            ((ObjectNode) tree.get("phone")).put("y", "z");
        });
        alterations.put("ciphertext not text", tree -> ((ObjectNode) tree.get("phone")).put("ct", 7));
        alterations.put("ciphertext not Base64", tree -> ((ObjectNode) tree.get("phone")).put("ct", "%%%"));
        alterations.put("ciphertext too short", tree -> ((ObjectNode) tree.get("phone")).put("ct", "AAAA"));
        alterations.put("erased marker", tree -> tree.set("email", PersonalDataModule.erasedMarker()));
        alterations.put("erased marker false", tree -> tree.putObject("email").put("lethe:erased", false));
        alterations.put("null value", tree -> tree.putNull("email"));
        alterations.put("field absent", tree -> tree.remove("email"));
        alterations.put("event id not text", tree -> tree.put(ShreddingCodec.EVENT_ID_FIELD, 5));
        alterations.put("event id blank", tree -> tree.put(ShreddingCodec.EVENT_ID_FIELD, " "));
        alterations.put("event id of another event", tree -> tree.put(ShreddingCodec.EVENT_ID_FIELD, OTHER_EVENT_ID));
        alterations.put("event id removed", tree -> tree.remove(ShreddingCodec.EVENT_ID_FIELD));
        alterations.put("event id last", tree -> tree.set(ShreddingCodec.EVENT_ID_FIELD,
                tree.remove(ShreddingCodec.EVENT_ID_FIELD)));
        alterations.put("subject id last", tree -> tree.set("customerId", tree.remove("customerId")));
        alterations.put("subject id missing", tree -> tree.remove("customerId"));
        alterations.put("subject id blank", tree -> tree.put("customerId", ""));
        alterations.put("subject id not text", tree -> tree.put("customerId", 42));
        alterations.put("v1 field inside a v2 payload", tree -> tree.set("email", v1.get("email").deepCopy()));
        alterations.put("decrypts to no JSON", tree -> tree.set("email", FieldCipher.encrypt(KEY, "email", binding,
                "{oops".getBytes(StandardCharsets.UTF_8)).toJson()));
        alterations.put("decrypts to nothing", tree -> tree.set("email", FieldCipher.encrypt(KEY, "email", binding,
                new byte[0]).toJson()));
        alterations.put("decrypts to another type", tree -> tree.set("birthDate", FieldCipher.encrypt(KEY, "birthDate",
                binding, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)).toJson()));
        alterations.put("unknown member", tree -> tree.put("addedLater", "x"));

        List<Arguments> cases = new ArrayList<>();
        for (Map.Entry<String, Consumer<ObjectNode>> alteration : alterations.entrySet()) {
            for (ObjectNode original : List.of(stored, v1)) {
                ObjectNode altered = original.deepCopy();
                alteration.getValue().accept(altered);
                String format = original == stored ? "v2" : "v1";
                cases.add(Arguments.of(format + ", " + alteration.getKey(), mapper.writeValueAsBytes(altered)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alteredPayloads")
    void bothReadersReachTheSameVerdict(String alteration, byte[] stored) {
        for (String eventId : new String[] {EVENT_ID, OTHER_EVENT_ID, null}) {
            assertThat(streamDecrypted(stored, CustomerRegistered.class, eventId))
                    .as("%s, read as event %s", alteration, eventId)
                    .isEqualTo(treeDecrypted(stored, CustomerRegistered.class, eventId));
        }
        vault.destroy(SUBJECT);
        assertThat(streamDecrypted(stored, CustomerRegistered.class, EVENT_ID)).as("%s, key destroyed", alteration)
                .isEqualTo(treeDecrypted(stored, CustomerRegistered.class, EVENT_ID));
    }

    @Test
    void bytesThatAreNoJsonObjectAreUnreadableAsBefore() {
        for (String stored : new String[] {"[1,2]", "\"text\"", "{\"customerId\":", "not json", "",
                "{\"customerId\":\"a\",\"customerId\":\"b\"}"}) {
            for (Class<?> type : List.of(CustomerRegistered.class, SampleEvents.all().get(3).getClass())) {
                assertThatThrownBy(() -> codec().decrypt(stored.getBytes(StandardCharsets.UTF_8), type, EVENT_ID))
                        .as("%s as %s", stored, type.getSimpleName())
                        .isExactlyInstanceOf(ShreddingException.class);
            }
        }
    }

    @Test
    void aVaultThatCannotBeReadFailsAsItself() {
        byte[] stored = codec().encrypt(SampleEvents.customerRegistered(SUBJECT), EVENT_ID);
        KeyVaultException unreachable = new KeyVaultException("the vault is unreachable");
        IllegalStateException bug = new IllegalStateException("a bug in the vault");

        assertThatThrownBy(() -> new ShreddingCodec(mapper, failing(unreachable))
                .decrypt(stored, CustomerRegistered.class, EVENT_ID)).isSameAs(unreachable);
        assertThatThrownBy(() -> new ShreddingCodec(mapper, failing(bug))
                .decrypt(stored, CustomerRegistered.class, EVENT_ID)).isSameAs(bug);
        assertThatThrownBy(() -> new ShreddingCodec(mapper, failing(unreachable))
                .encrypt(SampleEvents.customerRegistered(SUBJECT), EVENT_ID)).isSameAs(unreachable);
    }

    @Test
    void aMapperThatRefusesUnknownPropertiesStillReadsTheEventId() {
        ObjectMapper strict = LetheObjectMapper.create().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ShreddingCodec codec = new ShreddingCodec(strict, vault);
        byte[] stored = codec.encrypt(SampleEvents.customerRegistered(SUBJECT), EVENT_ID);

        assertThat(codec.decrypt(stored, CustomerRegistered.class, EVENT_ID))
                .isEqualTo(SampleEvents.customerRegistered(SUBJECT));
        assertThatThrownBy(() -> codec.decrypt(new String(stored, StandardCharsets.UTF_8)
                .replace("\"source\"", "\"unknown\"").getBytes(StandardCharsets.UTF_8), CustomerRegistered.class, EVENT_ID))
                .as("other unknown properties stay refused").isInstanceOf(ShreddingException.class);
    }

    @Test
    void aMapperWithoutThePersonalDataModuleIsRefusedRatherThanWritingPlaintext() {
        ShreddingCodec withoutModule = new ShreddingCodec(JsonMapper.builder().build(), vault);

        assertThatThrownBy(() -> withoutModule.encrypt(SampleEvents.customerRegistered(SUBJECT), EVENT_ID))
                .isInstanceOf(ShreddingException.class)
                .hasMessageContaining("PersonalDataModule")
                .hasMessageNotContaining(SampleEvents.NAME);
    }

    record ClaimsTheEventId(@DataSubjectId String customerId, @JsonProperty("lethe:eid") String claimed,
                            @PersonalData Personal<String> name) {
    }

    @Test
    void aPayloadThatWouldNameASecondEventIdIsRefused() {
        assertThatThrownBy(() -> codec().encrypt(new ClaimsTheEventId(SUBJECT, OTHER_EVENT_ID, Personal.of("x")),
                EVENT_ID))
                .isInstanceOf(PersonalDataIntegrityException.class)
                .hasMessageContaining("already sealed");
    }

    private KeyVault failing(RuntimeException failure) {
        return (KeyVault) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {KeyVault.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("existingDataKey") || method.getName().equals("dataKeyFor")) {
                        throw failure;
                    }
                    try {
                        return method.invoke(vault, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
