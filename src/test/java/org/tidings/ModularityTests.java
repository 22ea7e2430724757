package org.tidings;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Keeps package-by-feature honest: no cycles, no reaching into another feature's internals. */
class ModularityTests {

    @Test
    void featuresDependOnlyOnEachOthersPublicApi() {
        ApplicationModules.of(TidingsApplication.class).verify();
    }
}
