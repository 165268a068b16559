package dev.lethe.local;

import java.util.Locale;

/** What a user needs after start-up: where to send commands, where to read, where the data lies. */
final class Banner {

    private Banner() {
    }

    static String of(LethePlatform platform) {
        return String.format(Locale.ROOT, """

                Lethe is running (started in %.1f s).
                  Send commands    Kafka %s, topic lethe.commands (JSON envelope, key = source:sourceCustomerId)
                  Command results  topic lethe.command-results (key = commandId)
                  Query            %s/api/customers/{customerId}  (Authorization: Bearer <token>)
                  Local tokens     java -cp infra/launcher/target/lethe-local.jar dev.lethe.local.LocalTokens ANALYST ANALYST_PII
                                   (roles ANALYST, ANALYST_PII, COMPLIANCE_OFFICER, OPERATOR; docs/security.md)
                  Command service  %s/actuator/health
                  Database         %s
                  Data             %s
                  Logs             %s
                A part that stops is restarted (its current pid in %s).
                Stop with Ctrl-C; the data is kept (delete the data folder to start afresh).
                """,
                platform.startupTime().toMillis() / 1000.0, platform.bootstrapServers(), platform.queryUrl(),
                platform.commandUrl(), platform.jdbcUrl(), platform.dataDirectory(), platform.logsDirectory(),
                platform.pidFile(LethePlatform.COMMAND_SERVICE).getParent().resolve("<name>.pid"));
    }
}
