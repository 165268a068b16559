package dev.lethe.localstack.evidence;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A plain-SQL {@code pg_dump} of a whole database, as an attacker with a backup would have it. */
public final class DatabaseDump {

    private DatabaseDump() {
    }

    public static String of(String jdbcUrl, String user, String password) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String database = uri.getPath().substring(1);
        try {
            Path out = Files.createTempFile("lethe-dump", ".sql");
            ProcessBuilder builder = new ProcessBuilder(List.of("pg_dump", "--host", uri.getHost(), "--port",
                    String.valueOf(uri.getPort()), "--username", user, "--no-password", "--file", out.toString(), database))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("PGPASSWORD", password);
            Process dump = builder.start();
            if (!dump.waitFor(120, TimeUnit.SECONDS) || dump.exitValue() != 0) {
                dump.destroyForcibly();
                throw new IllegalStateException("pg_dump failed for " + database);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Files.delete(out);
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("pg_dump could not run; it is needed for the erasure proof", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dumping", e);
        }
    }
}
