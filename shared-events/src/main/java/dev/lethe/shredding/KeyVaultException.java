package dev.lethe.shredding;

/** The key vault could not be read or written, or a stored data key could not be unwrapped. */
public class KeyVaultException extends ShreddingException {

    public KeyVaultException(String message) {
        super(message);
    }

    public KeyVaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
