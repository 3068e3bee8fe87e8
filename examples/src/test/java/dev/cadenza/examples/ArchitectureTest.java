package dev.cadenza.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rules the layout stands for, checked on the compiled product (every module but the command
 * line, which nothing may depend on). Maven's module graph already keeps engine, trainer and bridge
 * apart; these are the rules inside the modules that it cannot see.
 */
class ArchitectureTest {
    private static JavaClasses product;

    @BeforeAll
    static void load() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cadenza");
    }

    @Test
    @DisplayName("the engine opens no socket, no MIDI device and no network library")
    void engineTouchesNoDevice() {
        noClasses().that().resideInAPackage("dev.cadenza.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("java.net..", "io.netty..", "javax.jmdns..")
                .check(product);
        noClasses().that().resideInAPackage("dev.cadenza.engine..")
                .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "opens a MIDI device",
                        call -> call.getTargetOwner().isEquivalentTo(javax.sound.midi.MidiSystem.class)
                                && call.getName().matches("get(Receiver|Transmitter|MidiDevice|MidiDeviceInfo"
                                        + "|Synthesizer|Sequencer)")))
                .check(product);
    }

    @Test
    @DisplayName("the engine, trainer and bridge know nothing of the command line; the engine nothing of the others")
    void dependenciesPointDown() {
        noClasses().that().resideOutsideOfPackage("dev.cadenza.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.cadenza.cli..").check(product);
        noClasses().that().resideInAPackage("dev.cadenza.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cadenza.trainer..", "dev.cadenza.bridge..",
                        "dev.cadenza.presets..", "dev.cadenza.examples..")
                .check(product);
    }

    @Test
    @DisplayName("the engine's model registry knows no model: each kind is found through its registration")
    void theRegistryNamesNoModel() {
        noClasses().that().resideInAPackage("dev.cadenza.engine.model")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cadenza.engine.rnnrbm..",
                        "dev.cadenza.engine.biaxial..")
                .check(product);
    }

    @Test
    @DisplayName("the trainer's kind registry knows no model: each kind's trainer is found through its registration")
    void theTrainingRegistryNamesNoModel() {
        noClasses().that().resideInAPackage("dev.cadenza.trainer.kind")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cadenza.engine.rnnrbm..",
                        "dev.cadenza.engine.biaxial..", "dev.cadenza.trainer.rnnrbm..", "dev.cadenza.trainer.biaxial..")
                .check(product);
        slices().matching("dev.cadenza.trainer.(*)..").should().beFreeOfCycles().check(product);
    }

    @Test
    @DisplayName("the streaming engine knows no keyboard mode: a part and a player's input are handed to it")
    void theStreamKnowsNoKeyboard() {
        noClasses().that().resideInAPackage("dev.cadenza.bridge.stream")
                .should().dependOnClassesThat().resideInAPackage("dev.cadenza.bridge.keyboard").check(product);
    }

    @Test
    @DisplayName("ports, the stream and the keyboard modes know no network session; the session is one source among others")
    void onlyTheSessionKnowsTheNetwork() {
        noClasses().that().resideInAnyPackage("dev.cadenza.bridge.port", "dev.cadenza.bridge.stream",
                "dev.cadenza.bridge.keyboard")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cadenza.bridge.rtpmidi..", "io.netty..")
                .check(product);
    }

    @Test
    @DisplayName("the RTP-MIDI wire format knows no session, no discovery and no socket")
    void theWireFormatStandsAlone() {
        noClasses().that().resideInAPackage("dev.cadenza.bridge.rtpmidi.wire")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cadenza.bridge.rtpmidi.session",
                        "dev.cadenza.bridge.rtpmidi.discovery", "java.net..", "io.netty.channel..")
                .check(product);
        slices().matching("dev.cadenza.bridge.(**)").should().beFreeOfCycles().check(product);
    }

    @Test
    @DisplayName("RTP-MIDI discovery announces a name and a port: it knows no session and no wire format")
    void discoveryKnowsNoSession() {
        noClasses().that().resideInAPackage("dev.cadenza.bridge.rtpmidi.discovery")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cadenza.bridge.rtpmidi.session",
                        "dev.cadenza.bridge.rtpmidi.wire")
                .check(product);
    }

    @Test
    @DisplayName("nothing in the product uses ND4J: it is the tests' numerical oracle, outside the application jar")
    void nd4jIsATestOracleOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.bytedeco..").check(product);
    }

    @Test
    @DisplayName("the engine's packages form no cycle")
    void engineHasNoCycles() {
        slices().matching("dev.cadenza.engine.(*)..").should().beFreeOfCycles().check(product);
    }
}
