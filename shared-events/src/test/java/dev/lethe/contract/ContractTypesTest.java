package dev.lethe.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.lethe.contract.customer.CustomerRegistered;
import org.junit.jupiter.api.Test;

class ContractTypesTest {

    @Test
    void findsAClassOfTheContract() {
        assertThat(ContractTypes.classOf(CustomerRegistered.class.getName())).isSameAs(CustomerRegistered.class);
    }

    @Test
    void refusesAClassOutsideTheContractWithoutLoadingIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ContractTypes.classOf(Runtime.class.getName()))
                .withMessage("event type is not part of the Lethe contract");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ContractTypes.classOf(null))
                .withMessage("event type is not part of the Lethe contract");
    }

    @Test
    void refusesANameInTheContractThatIsNoClass() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ContractTypes.classOf("dev.lethe.contract.customer.NoSuchEvent"))
                .withMessage("event type is not a class of the contract");
    }
}
