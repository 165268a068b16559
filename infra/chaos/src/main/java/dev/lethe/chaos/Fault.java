package dev.lethe.chaos;

import java.util.Arrays;
import java.util.stream.Collectors;

/** One phase of a run: the fault injected halfway through its load, or none (the baseline). */
enum Fault {

    NONE("none", "no fault (baseline)"),
    KILL_COMMAND_SERVICE("kill-command-service", "kill -9 command service"),
    KILL_QUERY_SERVICE("kill-query-service", "kill -9 query service"),
    KILL_BROKER("kill-broker", "kill -9 Kafka broker"),
    KILL_POSTGRES("kill-postgres", "kill -9 PostgreSQL"),
    SIGTERM_PLATFORM("sigterm-platform", "SIGTERM platform + restart");

    final String id;
    final String label;

    Fault(String id, String label) {
        this.id = id;
        this.label = label;
    }

    static Fault named(String id) {
        return Arrays.stream(values()).filter(fault -> fault.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault " + id + "; one of " + names()));
    }

    static String names() {
        return Arrays.stream(values()).map(fault -> fault.id).collect(Collectors.joining(", "));
    }

    /** Injects the fault and returns once what it ended is gone. */
    void inject(PlatformUnderTest platform) {
        switch (this) {
            case NONE -> { }
            case KILL_COMMAND_SERVICE -> platform.processes().kill(PlatformProcesses.COMMAND_SERVICE);
            case KILL_QUERY_SERVICE -> platform.processes().kill(PlatformProcesses.QUERY_SERVICE);
            case KILL_BROKER -> platform.processes().kill(PlatformProcesses.KAFKA);
            case KILL_POSTGRES -> platform.processes().kill(PlatformProcesses.POSTGRES);
            case SIGTERM_PLATFORM -> platform.stop();
        }
    }

    /** After SIGTERM the operator starts the run command again on the same data; nothing restarts it by itself. */
    boolean needsRunCommandAgain() {
        return this == SIGTERM_PLATFORM;
    }
}
