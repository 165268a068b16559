package dev.lethe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.localstack.Processes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformStartFailureIT {

    @TempDir
    Path dataDirectory;

    @TempDir
    Path emptyServicesDirectory;

    @Test
    void aPartThatCannotStartStopsWhatAlreadyRunsAndSaysWhy() {
        assertThatThrownBy(() -> LethePlatform.start(
                LaunchOptions.embedded(dataDirectory, 0, 0, 0, 0, 0, emptyServicesDirectory)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("command-service-exec.jar does not exist");

        assertThat(ProcessHandle.current().descendants().filter(child -> Processes.isRunning(child.pid())))
                .as("processes left running").isEmpty();
    }
}
