package dev.lethe.command.customer.handlers;

import static dev.lethe.command.customer.CustomerFixture.CLOCK;
import static dev.lethe.command.customer.CustomerFixture.MEMBER;
import static dev.lethe.command.customer.CustomerFixture.SURVIVOR;
import static dev.lethe.command.customer.CustomerFixture.rejectedWith;

import dev.lethe.command.customer.Customer;
import dev.lethe.command.customer.CustomerFixture;
import dev.lethe.command.identity.CustomerMerges;
import dev.lethe.contract.envelope.Rejection;
import dev.lethe.contract.identity.MergeCustomers;
import dev.lethe.contract.identity.UnmergeCustomers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the merge handler decides before either customer changes. The fixture holds one aggregate, so a whole merge
 * (two customers and the routing row) is MergeCustomersIT's; here the routing has no database, and a handler that
 * touched it before rejecting would fail with that instead of the rejection.
 */
class CustomerMergeHandlerTest {

    private FixtureConfiguration<Customer> fixture;

    @BeforeEach
    void setUp() {
        fixture = CustomerFixture.create();
        fixture.registerAnnotatedCommandHandler(new CustomerMergeHandler(fixture.getRepository(),
                new CustomerMerges(new JdbcTemplate()), CLOCK, new SimpleMeterRegistry()));
    }

    @Test
    void aCustomerCannotBeMergedWithItself() {
        fixture.givenNoPriorActivity()
                .when(new MergeCustomers(SURVIVOR, SURVIVOR))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CANNOT_MERGE_WITH_ITSELF, "payload.mergedCustomerId"));
    }

    @Test
    void aCustomerIsNeverMergedIntoItselfSoCannotBeUnmergedFromItself() {
        fixture.givenNoPriorActivity()
                .when(new UnmergeCustomers(SURVIVOR, SURVIVOR))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMERS_NOT_MERGED, "payload.mergedCustomerId"));
    }

    @Test
    void aMergeNamingAnUnknownCustomerSaysWhichOne() {
        // the survivor's id sorts first, so it is loaded (and found missing) first
        fixture.givenNoPriorActivity()
                .when(new MergeCustomers(SURVIVOR, MEMBER))
                .expectNoEvents()
                .expectException(rejectedWith(Rejection.CUSTOMER_NOT_FOUND, "payload.survivorId"));
    }
}
