package dev.lethe.shredding;

import org.axonframework.serialization.SerializationException;

/**
 * Base of every crypto-shredding failure. Extends Axon's (non-transient) {@link SerializationException} so
 * that Axon does not retry a read that can never succeed. Messages name types, fields and key ids, never
 * personal values or ciphertext.
 */
public class ShreddingException extends SerializationException {

    public ShreddingException(String message) {
        super(message);
    }

    public ShreddingException(String message, Throwable cause) {
        super(message, cause);
    }
}
