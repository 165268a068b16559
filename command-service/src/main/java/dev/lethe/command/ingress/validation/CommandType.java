package dev.lethe.command.ingress.validation;

import java.util.Arrays;
import java.util.Optional;

/** The command types a source system can send, by their name in the envelope's {@code type}. */
public enum CommandType {
    RegisterCustomer,
    UpdateContactDetails,
    GrantConsent,
    WithdrawConsent,
    RestrictProcessing,
    LiftRestriction,
    EraseCustomer,
    MergeCustomers,
    UnmergeCustomers,
    PlaceLegalHold,
    ReleaseLegalHold;

    public static Optional<CommandType> named(String name) {
        return Arrays.stream(values()).filter(type -> type.name().equals(name)).findFirst();
    }
}
