package dev.cadenza.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The command line reaches every model through the kind registries (engine: playing; trainer:
 * training and evaluation), so adding a model changes no command.
 */
class CommandsKnowNoModelTest {

    @Test
    @DisplayName("no command names a model's package: train, eval, info and generate dispatch through the kinds")
    void commandsDispatchThroughTheKinds() {
        JavaClasses commands = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cadenza.cli");
        noClasses().that().resideInAPackage("dev.cadenza.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cadenza.engine.rnnrbm..",
                        "dev.cadenza.engine.biaxial..", "dev.cadenza.trainer.rnnrbm..", "dev.cadenza.trainer.biaxial..")
                .check(commands);
    }
}
