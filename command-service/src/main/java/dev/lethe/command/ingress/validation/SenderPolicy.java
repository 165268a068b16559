package dev.lethe.command.ingress.validation;

import dev.lethe.command.customer.CommandRejectedException;
import dev.lethe.command.ingress.PolicyProperties;
import dev.lethe.contract.envelope.Rejection;
import java.util.List;

/** Applies {@link PolicyProperties}: who may send what, and which personal fields each purpose may store. */
public final class SenderPolicy {

    private final PolicyProperties policy;

    public SenderPolicy(PolicyProperties policy) {
        this.policy = policy;
    }

    void authorise(String source, CommandType type, String purpose) {
        if (!policy.purposes().containsKey(purpose)) {
            throw new CommandRejectedException(Rejection.UNKNOWN_PURPOSE, "purpose",
                    "purpose is not a configured processing purpose");
        }
        PolicyProperties.SourceRule rule = policy.sources().get(source);
        if (rule == null) {
            throw new CommandRejectedException(Rejection.SOURCE_NOT_AUTHORISED, "source",
                    "source is not a configured source system");
        }
        if (!rule.commands().contains(type.name())) {
            throw new CommandRejectedException(Rejection.SOURCE_NOT_AUTHORISED, "type",
                    "source '" + source + "' may not send " + type.name());
        }
        if (!rule.purposes().contains(purpose)) {
            throw new CommandRejectedException(Rejection.SOURCE_NOT_AUTHORISED, "purpose",
                    "source '" + source + "' may not send commands for purpose '" + purpose + "'");
        }
    }

    /** @param presentFields paths of the personal fields the command carries, e.g. {@code payload.phone} */
    void requireFieldsPermitted(String purpose, List<String> presentFields) {
        var permitted = policy.purposes().get(purpose).fields();
        for (String path : presentFields) {
            String field = path.substring(path.lastIndexOf('.') + 1);
            if (!permitted.contains(field)) {
                throw new CommandRejectedException(Rejection.FIELD_NOT_PERMITTED_FOR_PURPOSE, path,
                        path + " may not be stored for purpose '" + purpose + "'");
            }
        }
    }
}
