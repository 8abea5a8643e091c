package io.oidckit;

import io.oidckit.testprovider.TestProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One in-process test provider per test class, on a loopback port, stopped when the class is done. */
abstract class WithTestProvider {
    static TestProvider provider;

    @BeforeAll
    static void startProvider() {
        provider = TestProvider.start();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }
}
