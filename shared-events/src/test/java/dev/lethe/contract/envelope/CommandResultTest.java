package dev.lethe.contract.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The JSON on lethe.command-results is what every sender parses: typing the code must not change a byte of it. */
class CommandResultTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRejectionIsWrittenWithItsCodeAsPlainText() throws Exception {
        CommandResult rejected = CommandResult.rejected("c-1", Rejection.INVALID_EMAIL, "payload.email",
                "payload.email is not a valid email address");

        assertThat(JSON.writeValueAsString(rejected)).isEqualTo("{\"commandId\":\"c-1\",\"status\":\"REJECTED\","
                + "\"code\":\"INVALID_EMAIL\",\"message\":\"payload.email is not a valid email address\","
                + "\"field\":\"payload.email\"}");
    }

    @Test
    void aDeferredErasureIsWrittenAsBefore() throws Exception {
        CommandResult deferred = CommandResult.erasureDeferred("c-2", "cust-1", "2036-12-31T23:59:59Z");

        assertThat(JSON.writeValueAsString(deferred)).isEqualTo("{\"commandId\":\"c-2\",\"status\":\"ACCEPTED\","
                + "\"customerId\":\"cust-1\",\"code\":\"ERASURE_DEFERRED_LEGAL_HOLD\",\"message\":\"the customer is "
                + "under a legal hold until 2036-12-31T23:59:59Z: processing is restricted and the erasure will "
                + "happen when the hold ends\",\"deferredUntil\":\"2036-12-31T23:59:59Z\"}");
        assertThat(CommandResult.ERASURE_DEFERRED_LEGAL_HOLD).isEqualTo(Deferral.ERASURE_DEFERRED_LEGAL_HOLD.name());
    }

    @Test
    void aResultReadsBackWithItsTypedCode() throws Exception {
        CommandResult rejected = CommandResult.rejected("c-3", Rejection.SUPPRESSED, null, "m");
        CommandResult deferred = CommandResult.erasureDeferred("c-4", "cust-1", "2036-12-31T23:59:59Z");

        assertThat(JSON.readValue(JSON.writeValueAsBytes(rejected), CommandResult.class)).isEqualTo(rejected);
        assertThat(JSON.readValue(JSON.writeValueAsBytes(deferred), CommandResult.class).code())
                .isEqualTo(Deferral.ERASURE_DEFERRED_LEGAL_HOLD);
        assertThat(JSON.readValue("{\"commandId\":\"c-5\",\"status\":\"ACCEPTED\"}", CommandResult.class).code())
                .isNull();
    }

    @Test
    void noNameIsACodeOfBothKindsAndEveryNameReadsBack() {
        assertThat(Stream.concat(Arrays.stream(Rejection.values()), Arrays.stream(Deferral.values()))
                .map(ResultCode::name)).doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(ResultCode.named(name).name()).isEqualTo(name));
        assertThatThrownBy(() -> ResultCode.named("NO_SUCH_CODE")).isInstanceOf(IllegalArgumentException.class);
    }
}
