package dev.cadenza.trainer.eval;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a test class's ND4J work on one thread, then restores the setting. The tests' RBMs are tiny,
 * so threads buy nothing, and on a shared 2-core machine ND4J's spinning worker threads turned a
 * 0.4 s AIS run into 30 s (measured; 3 s on one thread under the same load).
 */
final class OneNd4jThread implements BeforeAllCallback, AfterAllCallback {
    private int previous;

    @Override
    public void beforeAll(ExtensionContext context) {
        Environment environment = Nd4j.getEnvironment();
        previous = environment.maxThreads();
        environment.setMaxThreads(1);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Nd4j.getEnvironment().setMaxThreads(previous);
    }
}
