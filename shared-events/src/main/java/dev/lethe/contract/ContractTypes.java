package dev.lethe.contract;

/**
 * The one lookup from a type name a record carries (an event's type header, a stored copy's type) to its class.
 * Only classes of the contract may be named, so a forged name cannot load (and initialise) arbitrary code.
 */
public final class ContractTypes {

    private static final String PACKAGE = "dev.lethe.contract.";

    private ContractTypes() {
    }

    /**
     * @throws IllegalArgumentException with a message that names why (the type is outside the contract, or no
     *                                  class of it), never the name itself
     */
    public static Class<?> classOf(String type) {
        if (type == null || !type.startsWith(PACKAGE)) {
            throw new IllegalArgumentException("event type is not part of the Lethe contract");
        }
        try {
            return Class.forName(type, true, ContractTypes.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("event type is not a class of the contract");
        }
    }
}
