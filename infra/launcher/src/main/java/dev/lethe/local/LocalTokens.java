package dev.lethe.local;

import dev.lethe.localstack.LocalJwt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Mints bearer tokens for the local platform, signed with the well-known local key ({@link LocalJwt}) whose public
 * half is in the services' {@code application-local.yml}. Only services running the {@code local} profile accept them:
 * anyone with this jar can mint any role, so the local profile must never hold real data (docs/security.md).
 *
 * <pre>java -cp infra/launcher/target/lethe-local.jar dev.lethe.local.LocalTokens ANALYST ANALYST_PII</pre>
 * prints one token (valid 8 hours) for the subject {@code local-user}; {@code --subject NAME} changes the subject.
 */
public final class LocalTokens {

    public static final Set<String> ROLES = Set.of("ANALYST", "ANALYST_PII", "COMPLIANCE_OFFICER", "OPERATOR");
    static final Duration VALIDITY = Duration.ofHours(8);

    private LocalTokens() {
    }

    public static void main(String[] args) {
        String subject = "local-user";
        List<String> roles = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--subject") && i + 1 < args.length) {
                subject = args[++i];
            } else if (ROLES.contains(args[i])) {
                roles.add(args[i]);
            } else {
                System.err.println("usage: LocalTokens [--subject NAME] ROLE...   roles: " + ROLES);
                System.exit(2);
            }
        }
        if (roles.isEmpty()) {
            System.err.println("usage: LocalTokens [--subject NAME] ROLE...   roles: " + ROLES);
            System.exit(2);
        }
        System.out.println(mint(subject, roles));
    }

    /** A token for the local profile with the roles, valid for {@link #VALIDITY}. */
    public static String mint(String subject, List<String> roles) {
        return LocalJwt.mint(subject, VALIDITY, roles);
    }
}
