package dev.lethe.contract.customer;

/** A postal address as source systems send it. Personal data as a whole: it is encrypted as one value. */
public record PostalAddress(String street, String postalCode, String city, String country) {
}
