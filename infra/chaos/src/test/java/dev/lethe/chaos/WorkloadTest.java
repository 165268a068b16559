package dev.lethe.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSameSeedSendsTheSameCommands() {
        assertThat(draw(new Workload(7, true), 300)).isEqualTo(draw(new Workload(7, true), 300));
        assertThat(draw(new Workload(7, true), 300)).isNotEqualTo(draw(new Workload(8, true), 300));
    }

    @Test
    void theMixHasEveryKindAndEveryCommandOfTheWorkloadProperIsValidJson() throws Exception {
        List<Workload.Command> commands = draw(new Workload(13, true), 2_000);
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        commands.forEach(command -> kinds.add(command.kind()));

        assertThat(kinds).containsExactlyInAnyOrder(Kind.values());
        for (Workload.Command command : commands) {
            if (command.kind().original() || command.kind() == Kind.RESEND) {
                assertThat(JSON.readTree(command.value()).path("commandId").asText()).isEqualTo(command.commandId());
            }
        }
    }

    @Test
    void aResendIsAnExactRepeatAndABrokenRepeatCarriesTheSameIdOnTheSameKey() {
        List<Workload.Command> commands = draw(new Workload(13, true), 2_000);
        for (Workload.Command repeat : commands) {
            if (repeat.kind() == Kind.RESEND || repeat.kind() == Kind.POISON_BROKEN_REPEAT) {
                Workload.Command original = commands.stream().filter(command -> command.kind().original()
                        && command.commandId().equals(repeat.commandId())).findFirst().orElseThrow();
                assertThat(repeat.key()).isEqualTo(original.key());
                if (repeat.kind() == Kind.RESEND) {
                    assertThat(repeat.value()).isEqualTo(original.value());
                } else {
                    assertThat(original.value()).startsWith(repeat.value()).isNotEqualTo(repeat.value());
                }
            }
        }
    }

    @Test
    void withoutPoisonEveryRecordIsACommandOrAResend() {
        assertThat(draw(new Workload(13, false), 1_000))
                .allMatch(command -> command.kind().original() || command.kind() == Kind.RESEND);
    }

    private static List<Workload.Command> draw(Workload workload, int count) {
        return IntStream.range(0, count).mapToObj(i -> workload.next()).toList();
    }
}
