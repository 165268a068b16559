package dev.lethe.command.ingress.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.contract.envelope.Rejection;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeReaderTest {

    private final EnvelopeReader reader = new EnvelopeReader();

    @Test
    void aTruncatedCommandStillYieldsItsCommandIdSoTheSenderCanBeAnswered() {
        assertThatThrownBy(() -> reader.read(bytes("{\"commandId\":\"c-1\",\"type\":\"RegisterCustomer\",\"payload\":{\"na")))
                .isInstanceOfSatisfying(UndecodableCommandException.class, e -> {
                    assertThat(e.code()).isEqualTo(Rejection.INVALID_JSON);
                    assertThat(e.recoveredCommandId()).isEqualTo("c-1");
                });
    }

    @Test
    void garbageYieldsNoCommandId() {
        assertThatThrownBy(() -> reader.read(bytes("<xml/>")))
                .isInstanceOfSatisfying(UndecodableCommandException.class,
                        e -> assertThat(e.recoveredCommandId()).isNull());
    }

    @Test
    void aRepeatedKeyIsRejectedSoThatNoTwoReadersSeeDifferentCommands() {
        assertThatThrownBy(() -> reader.read(bytes("{\"commandId\":\"c-2\",\"commandId\":\"c-3\"}")))
                .isInstanceOf(UndecodableCommandException.class);
    }

    @Test
    void aRepeatedKeyIsInvalidJsonAnsweredUnderTheCommandIdAllReadersAgreeOn() {
        assertThatThrownBy(() -> reader.read(bytes("{\"commandId\":\"c-5\",\"type\":\"A\",\"type\":\"B\"}")))
                .isInstanceOfSatisfying(UndecodableCommandException.class, e -> {
                    assertThat(e.code()).isEqualTo(Rejection.INVALID_JSON);
                    assertThat(e.recoveredCommandId()).isEqualTo("c-5");
                });
        assertThatThrownBy(() -> reader.read(bytes("{\"commandId\":\"c-6\",\"commandId\":\"c-6\"}")))
                .isInstanceOfSatisfying(UndecodableCommandException.class,
                        e -> assertThat(e.recoveredCommandId()).isEqualTo("c-6"));
    }

    @Test
    void twoDifferentCommandIdsLeaveNoneToAnswerUnder() {
        assertThatThrownBy(() -> reader.read(bytes("{\"commandId\":\"c-2\",\"type\":\"A\",\"commandId\":\"c-3\"")))
                .isInstanceOfSatisfying(UndecodableCommandException.class,
                        e -> assertThat(e.recoveredCommandId()).isNull());
    }

    @Test
    void theReadableCommandIdIsTheEnvelopesOrTheRecoveredOne() {
        assertThat(reader.readableCommandId(bytes("{\"commandId\":\"c-7\"}"))).isEqualTo("c-7");
        assertThat(reader.readableCommandId(bytes("{\"commandId\":\"c-8\",\"pay"))).isEqualTo("c-8");
        assertThat(reader.readableCommandId(bytes("[1]"))).isNull();
        assertThat(reader.readableCommandId(null)).isNull();
    }

    @Test
    void anObjectWithoutCommandIdCannotBeAnswered() {
        assertThatThrownBy(() -> reader.read(bytes("{\"type\":\"RegisterCustomer\"}")))
                .isInstanceOfSatisfying(UndecodableCommandException.class, e -> {
                    assertThat(e.code()).isEqualTo(Rejection.MISSING_FIELD);
                    assertThat(e.recoveredCommandId()).isNull();
                });
    }

    @Test
    void aWellFormedEnvelopeKeepsItsSize() throws Exception {
        byte[] json = bytes("{\"commandId\":\"c-4\",\"type\":\"RegisterCustomer\"}");

        Envelope envelope = reader.read(json);

        assertThat(envelope.commandId()).isEqualTo("c-4");
        assertThat(envelope.type()).isEqualTo("RegisterCustomer");
        assertThat(envelope.sizeBytes()).isEqualTo(json.length);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
