package dev.lethe.contract;

import java.util.Objects;
import java.util.Optional;

/**
 * A piece of personal data as it reads from an event: either known, or erased because the data subject's
 * key has been destroyed. Making erasure a visible state, rather than {@code null}, forces every reader to
 * decide what an erased value means for it.
 *
 * @param <T> the type of the value (a string, a postal address, a date)
 */
public final class Personal<T> {

    private static final Personal<?> ERASED = new Personal<>(null);

    private final T value;

    private Personal(T value) {
        this.value = value;
    }

    public static <T> Personal<T> of(T value) {
        return new Personal<>(Objects.requireNonNull(value, "a known personal value must not be null"));
    }

    /** Wraps a value that may be absent; {@code null} stays {@code null} (the field was not given). */
    public static <T> Personal<T> ofNullable(T value) {
        return value == null ? null : of(value);
    }

    @SuppressWarnings("unchecked")
    public static <T> Personal<T> erased() {
        return (Personal<T>) ERASED;
    }

    public boolean isErased() {
        return this == ERASED;
    }

    /** The value; throws for an erased value so that an erased field can never be mistaken for data. */
    public T value() {
        if (isErased()) {
            throw new IllegalStateException("personal data has been erased");
        }
        return value;
    }

    public Optional<T> known() {
        return Optional.ofNullable(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Personal<?> that && Objects.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }

    /** Never prints the value, so personal data cannot leak through logs or exception messages. */
    @Override
    public String toString() {
        return isErased() ? "Personal[erased]" : "Personal[***]";
    }
}
