package dev.lethe.query.customerview;

/**
 * A stored read-model value does not decrypt for its customer, table, column and row: altered in the database, or
 * copied there from another person, row or column. Never shown; names the place, never a value.
 */
class ViewNotAuthentic extends IllegalStateException {

    ViewNotAuthentic(String customerId, EncryptedColumn column) {
        super("a value in query." + column.table() + "." + column.column() + " of customer " + customerId
                + " does not authenticate");
    }
}
