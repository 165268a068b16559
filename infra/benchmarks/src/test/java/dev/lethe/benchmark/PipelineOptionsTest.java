package dev.lethe.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PipelineOptionsTest {

    @Test
    void withoutArgumentsRunsDefaultsThatFitTenMinutes() {
        PipelineOptions options = PipelineOptions.parse(new String[0]);

        assertThat(options.commands()).isEqualTo(3_000);
        assertThat(options.rounds()).isEqualTo(2);
        assertThat(options.rate()).isEqualTo(1_000);
        assertThat(options.longHistory()).isEqualTo(1_000);
        assertThat(options.giveUpAfter()).hasSeconds(3_600);
        assertThat(options.serviceArguments()).isEmpty();
        assertThat(options.help()).isFalse();
    }

    @Test
    void readsEachOptionAndPassesServiceArgumentsThrough() {
        PipelineOptions options = PipelineOptions.parse(new String[] {"--commands=1000", "--rounds=1",
                "--service-args=--lethe.x=1,--lethe.y=2"});

        assertThat(options.commands()).isEqualTo(1_000);
        assertThat(options.rounds()).isEqualTo(1);
        assertThat(options.serviceArguments()).containsExactly("--lethe.x=1", "--lethe.y=2");
    }

    @Test
    void rejectsAnUnknownOptionByName() {
        assertThatThrownBy(() -> PipelineOptions.parse(new String[] {"--comands=1000"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unknown option --comands");
    }

    @Test
    void namesAStrayArgumentAndShowsTheUsage() {
        assertThatThrownBy(() -> PipelineOptions.parse(new String[] {"3000"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("unexpected argument 3000\n")
                .hasMessageContaining("--give-up-after");
    }

    @Test
    void theGeneratedHelpNamesEveryOption() {
        assertThat(PipelineOptions.parse(new String[] {"--help"}).help()).isTrue();
        assertThat(PipelineOptions.usage()).contains("--commands", "--rounds", "--warm-up", "--window",
                "--visibility-samples", "--rate", "--rate-seconds", "--long-history", "--short-history",
                "--long-samples", "--axon-commands", "--give-up-after", "--service-args", "--help");
    }

    @Test
    void rejectsANumberThatIsNotPositive() {
        assertThatThrownBy(() -> PipelineOptions.parse(new String[] {"--rounds=0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--rounds must be positive, not 0");
        assertThatThrownBy(() -> PipelineOptions.parse(new String[] {"--rounds=three"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--rounds needs a whole number, not three");
    }
}
