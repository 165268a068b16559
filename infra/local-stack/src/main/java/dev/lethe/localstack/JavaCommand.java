package dev.lethe.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Command lines for child JVMs that run with the same Java and, if wanted, the same class path as this one. */
public final class JavaCommand {

    private JavaCommand() {
    }

    public static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * {@code java @argfile <jvmOptions> mainClass args}, where the argument file holds this JVM's class path.
     * The class path can be longer than one command-line argument may be, hence the file. A surefire
     * booter jar or a launcher jar works as an entry because the JVM follows its manifest Class-Path.
     */
    public static List<String> withCurrentClassPath(Path argumentFile, List<String> jvmOptions, String mainClass,
                                                    List<String> arguments) throws IOException {
        Files.createDirectories(argumentFile.toAbsolutePath().getParent());
        Files.writeString(argumentFile, "-cp\n" + quote(currentClassPath()) + "\n", StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("@" + argumentFile.toAbsolutePath());
        command.addAll(jvmOptions);
        command.add(mainClass);
        command.addAll(arguments);
        return command;
    }

    static String currentClassPath() {
        // Absolute, so the child does not depend on its working directory.
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Paths.get(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
