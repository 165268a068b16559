package dev.lethe.shredding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.contract.customer.CustomerErased;
import dev.lethe.contract.customer.CustomerRegistered;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.UnknownSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShreddingSerializerTest {

    private static final String EVENT_ID = "2b3c4d5e-6f70-4a81-92a3-b4c5d6e7f809";
    private static final String OTHER_EVENT_ID = "f9e8d7c6-b5a4-4392-8170-6f5e4d3c2b1a";

    private final InMemoryKeyVault vault = new InMemoryKeyVault();
    private final ShreddingSerializer serializer = ShreddingSerializer.create(vault);
    private final JacksonSerializer plain = JacksonSerializer.builder().objectMapper(LetheObjectMapper.create()).build();

    static Iterable<Object> events() {
        return SampleEvents.all();
    }

    @ParameterizedTest
    @MethodSource("events")
    void roundTripsEveryEventInEveryRepresentationKeepingItsRevision(Object event) {
        SerializedObject<byte[]> bytes = sealed(event, byte[].class);
        SerializedObject<String> text = sealed(event, String.class);
        SerializedObject<JsonNode> tree = sealed(event, JsonNode.class);

        assertThat(bytes.getType().getName()).isEqualTo(event.getClass().getName());
        assertThat(bytes.getType().getRevision()).isEqualTo("1");
        assertThat(text.getType()).isEqualTo(bytes.getType());
        assertThat((Object) serializer.deserialize(bytes)).isEqualTo(event);
        assertThat((Object) serializer.deserialize(text)).isEqualTo(event);
        assertThat((Object) serializer.deserialize(tree)).isEqualTo(event);
        PlaintextSearch.assertAbsent(bytes.getData(), SampleEvents.PERSONAL_VALUES);
        PlaintextSearch.assertAbsent(text.getData().getBytes(StandardCharsets.UTF_8), SampleEvents.PERSONAL_VALUES);
    }

    @Test
    void readsWhatAnUpcasterChainHandsOverAsJsonNode() {
        SerializedObject<byte[]> stored = sealed(SampleEvents.customerRegistered(SampleEvents.CUSTOMER_ID),
                byte[].class);

        SerializedObject<JsonNode> upcasted = serializer.getConverter().convert(stored, JsonNode.class);

        assertThat((Object) serializer.deserialize(upcasted))
                .isEqualTo(SampleEvents.customerRegistered(SampleEvents.CUSTOMER_ID));
    }

    @Test
    void refusesToWritePersonalDataThatIsNotSealedForAnEvent() {
        assertThatThrownBy(() -> serializer.serialize(SampleEvents.customerRegistered(SampleEvents.CUSTOMER_ID),
                byte[].class))
                .isInstanceOf(ShreddingException.class)
                .hasMessageContaining(CustomerRegistered.class.getName()).hasMessageContaining("sealed");
    }

    @Test
    void aPayloadReadFromTheStoreMustBeSealedForItsOwnRow() {
        SerializedObject<byte[]> stored = sealed(SampleEvents.customerRegistered(SampleEvents.CUSTOMER_ID),
                byte[].class);

        assertThat((Object) serializer.deserialize(new EventSealing.StoredPayload<>(stored, EVENT_ID)))
                .isEqualTo(SampleEvents.customerRegistered(SampleEvents.CUSTOMER_ID));
        assertThatThrownBy(() -> serializer.deserialize(new EventSealing.StoredPayload<>(stored, OTHER_EVENT_ID)))
                .isInstanceOf(PersonalDataIntegrityException.class).hasMessageContaining("another event");
    }

    private <T> SerializedObject<T> sealed(Object event, Class<T> representation) {
        return EventSealing.sealingFor(EVENT_ID, () -> serializer.serialize(event, representation));
    }

    @Test
    void eventsWithoutPersonalDataAreWrittenExactlyAsAxonWouldWriteThem() {
        CustomerErased erased = (CustomerErased) SampleEvents.byType().get(CustomerErased.class);

        assertThat(serializer.serialize(erased, byte[].class).getData())
                .isEqualTo(plain.serialize(erased, byte[].class).getData());
    }

    @Test
    void metaDataAndTokensPassThrough() {
        MetaData metaData = MetaData.from(Map.of("traceId", "abc", "correlationId", "def"));
        TrackingToken token = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(42));

        SerializedObject<byte[]> metaDataBytes = serializer.serialize(metaData, byte[].class);
        SerializedObject<byte[]> tokenBytes = serializer.serialize(token, byte[].class);

        assertThat((Object) serializer.deserialize(metaDataBytes)).isEqualTo(metaData);
        assertThat((Object) serializer.deserialize(tokenBytes)).isEqualTo(token);
        assertThat(metaDataBytes.getData()).isEqualTo(plain.serialize(metaData, byte[].class).getData());
    }

    @Test
    void typesConvertersAndUnknownTypesAreTheDelegates() {
        assertThat(serializer.typeForClass(CustomerRegistered.class))
                .isEqualTo(new SimpleSerializedType(CustomerRegistered.class.getName(), "1"));
        assertThat(serializer.classForType(new SimpleSerializedType(CustomerRegistered.class.getName(), "1")))
                .isEqualTo(CustomerRegistered.class);
        assertThat(serializer.classForType(new SimpleSerializedType("com.example.Gone", null)))
                .isEqualTo(UnknownSerializedType.class);
        assertThat(serializer.getConverter()).isSameAs(serializer.delegate().getConverter());
        assertThat(serializer.canSerializeTo(byte[].class)).isTrue();
        assertThat(serializer.canSerializeTo(JsonNode.class)).isTrue();
        assertThat(serializer.canSerializeTo(String.class)).isTrue();

        Object unknown = serializer.deserialize(new SimpleSerializedObject<>("{}".getBytes(StandardCharsets.UTF_8),
                byte[].class, "com.example.Gone", "3"));
        assertThat(unknown).isInstanceOf(UnknownSerializedType.class);
        assertThat((Object) serializer.deserialize(new SimpleSerializedObject<>(new byte[0], byte[].class,
                SimpleSerializedType.emptyType()))).isNull();
    }
}
