package dev.lethe.contract.envelope;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The {@code code} of a {@link CommandResult}: why a command was refused ({@link Rejection}), or how an accepted
 * one was carried out differently from what was asked ({@link Deferral}). On the wire it is the constant's name,
 * e.g. {@code "code":"INVALID_EMAIL"}; no name is used by both kinds.
 */
public sealed interface ResultCode permits Rejection, Deferral {

    /** As on the wire. */
    String name();

    /** @throws IllegalArgumentException when the name is no code of either kind */
    @JsonCreator
    static ResultCode named(String name) {
        return Stream.concat(Arrays.stream(Rejection.values()), Arrays.stream(Deferral.values()))
                .filter(code -> code.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a command result code"));
    }
}
