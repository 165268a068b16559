package dev.lethe.auditverifier;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The verifier's arguments as picocli reads them; {@link #usage()} is generated from them. */
@Command(name = "java -jar lethe-audit-verifier.jar", usageHelpWidth = 120,
        description = {"Verifies an exported Lethe audit trail, or an erasure receipt, offline, against pinned keys "
                + "(given here or in a JWK Set file you saved, never taken from the document).",
                "Exit code 0 valid, 1 invalid, 2 unusable arguments or files."})
final class VerifierOptions {

    static final class Document {

        @Option(names = "--trail", required = true, paramLabel = "export.json", description = "an exported audit trail")
        Path trail;

        @Option(names = "--receipt", required = true, paramLabel = "receipt.json", description = "an erasure receipt")
        Path receipt;
    }

    @ArgGroup(multiplicity = "1")
    Document document;

    @Option(names = "--public-key", paramLabel = "<base64 X.509>",
            description = "a trusted Ed25519 public key; repeat for retired keys")
    List<String> keys = new ArrayList<>();

    @Option(names = "--jwks", paramLabel = "receipt-keys.json", description = "a JWK Set file of trusted keys; repeatable")
    List<Path> jwksFiles = new ArrayList<>();

    @Option(names = "--checkpoints", paramLabel = "earlier-export.json",
            description = "an earlier export whose signed checkpoints the trail must still match; repeatable")
    List<Path> checkpointFiles = new ArrayList<>();

    @Option(names = "--help", usageHelp = true, description = "this text")
    boolean help;

    /** @throws CommandLine.ParameterException for an unknown option, a missing value or no document or no key */
    static VerifierOptions parse(String[] args) {
        VerifierOptions options = new VerifierOptions();
        CommandLine commandLine = commandLine(options);
        commandLine.parseArgs(args);
        if (!options.help && options.keys.isEmpty() && options.jwksFiles.isEmpty()) {
            throw new CommandLine.ParameterException(commandLine, "no trusted key: give --public-key or --jwks");
        }
        return options;
    }

    static String usage() {
        return commandLine(new VerifierOptions()).getUsageMessage();
    }

    Path trail() {
        return document == null ? null : document.trail;
    }

    Path receipt() {
        return document == null ? null : document.receipt;
    }

    private static CommandLine commandLine(VerifierOptions options) {
        // a key or a path is taken as it is (no ${...} expansion)
        return new CommandLine(options).setInterpolateVariables(false);
    }
}
