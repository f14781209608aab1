package org.dl4j.snn;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The layout of this module as rules: (a) a public type of an API package (any package without an {@code internal}
 * segment) mentions no internal type in its public or protected signature: superclass, interfaces, type parameters,
 * fields, constructors and methods (parameter, return and thrown types, generic arguments included); (b) the areas
 * depend one way, surrogate &lt;- neuron &lt;- layers &lt;- loss / monitor &lt;- eval &lt;- nir (each area with its internal
 * packages, so an internal package is used only by its own area and later ones), without cycles; (c) every package
 * of the main code has a {@code package-info.java}.
 */
@AnalyzeClasses(packages = "org.dl4j.snn", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String BASE = "org.dl4j.snn";

    private static boolean isInternal(JavaClass c) {
        return (c.getPackageName() + ".").contains(".internal.");
    }

    /** Public, and so is every class it is nested in. */
    private static boolean isExported(JavaClass c) {
        for (JavaClass k = c; k != null; k = k.getEnclosingClass().orElse(null)) {
            if (!k.getModifiers().contains(JavaModifier.PUBLIC)) return false;
        }
        return true;
    }

    private static final DescribedPredicate<JavaClass> PUBLIC_API_TYPES =
            DescribedPredicate.describe("public types of API packages",
                    c -> c.getPackageName().startsWith(BASE) && !isInternal(c) && isExported(c));

    private static boolean visible(JavaMember m) {
        Set<JavaModifier> mods = m.getModifiers();
        return mods.contains(JavaModifier.PUBLIC) || mods.contains(JavaModifier.PROTECTED);
    }

    /** The internal types among {@code types} and everything they involve (generic arguments, bounds, arrays). */
    private static List<String> internalIn(List<? extends JavaType> types) {
        List<String> out = new ArrayList<>();
        for (JavaType t : types) {
            for (JavaClass raw : t.getAllInvolvedRawTypes()) {
                if (raw.getPackageName().startsWith(BASE) && isInternal(raw)) out.add(raw.getName());
            }
        }
        return out;
    }

    private static final ArchCondition<JavaClass> EXPOSE_NO_INTERNAL_TYPE =
            new ArchCondition<>("mention no internal type in their public or protected signatures") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    List<JavaType> header = new ArrayList<>();
                    c.getSuperclass().ifPresent(header::add);
                    header.addAll(c.getInterfaces());
                    header.addAll(c.getTypeParameters());
                    report(events, c, c.getName() + " (superclass, interfaces, type parameters)", internalIn(header));
                    for (JavaField f : c.getFields()) {
                        if (visible(f)) report(events, c, f.getFullName(), internalIn(List.of(f.getType())));
                    }
                    for (JavaCodeUnit u : c.getCodeUnits()) {
                        if (!visible(u)) continue;
                        List<JavaType> signature = new ArrayList<>(u.getParameterTypes());
                        signature.add(u.getReturnType());
                        signature.addAll(u.getThrowsClause().getTypes());
                        for (JavaTypeVariable<?> v : u.getTypeParameters()) signature.add(v);
                        report(events, c, u.getFullName(), internalIn(signature));
                    }
                }

                private void report(ConditionEvents events, JavaClass c, String where, List<String> internal) {
                    if (!internal.isEmpty()) {
                        events.add(SimpleConditionEvent.violated(c, where + " mentions " + internal));
                    }
                }
            };

    @ArchTest
    static final ArchRule apiPackagesExposeNoInternalType =
            classes().that(PUBLIC_API_TYPES).should(EXPOSE_NO_INTERNAL_TYPE);

    @ArchTest
    static final ArchRule areasDependOneWay = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("surrogate").definedBy(BASE + ".surrogate..")
            .layer("neuron").definedBy(BASE + ".neuron..")
            .layer("layers").definedBy(BASE + ".layers..")
            .layer("loss").definedBy(BASE + ".loss..")
            .layer("monitor").definedBy(BASE + ".monitor..")
            .layer("eval").definedBy(BASE + ".eval..")
            .layer("nir").definedBy(BASE + ".nir..")
            .layer("convert").definedBy(BASE + ".convert..")
            .whereLayer("nir").mayNotBeAccessedByAnyLayer()
            .whereLayer("convert").mayNotBeAccessedByAnyLayer()
            .whereLayer("eval").mayOnlyBeAccessedByLayers("nir", "convert")
            .whereLayer("loss").mayOnlyBeAccessedByLayers("eval", "nir", "convert")
            .whereLayer("monitor").mayOnlyBeAccessedByLayers("eval", "nir", "convert")
            .whereLayer("layers").mayOnlyBeAccessedByLayers("loss", "monitor", "eval", "nir", "convert")
            .whereLayer("neuron").mayOnlyBeAccessedByLayers("layers", "loss", "monitor", "eval", "nir", "convert")
            .whereLayer("surrogate")
                    .mayOnlyBeAccessedByLayers("neuron", "layers", "loss", "monitor", "eval", "nir", "convert");

    @ArchTest
    static final ArchRule areasHaveNoCycles = slices().matching(BASE + ".(*)..").should().beFreeOfCycles();

    /** Checked on the sources: javac writes no package-info.class for a package-info without annotations. */
    @ArchTest
    static void everyPackageHasAPackageInfo(JavaClasses imported) {
        Path sources = Path.of("src", "main", "java");
        Set<String> missing = new TreeSet<>();
        for (JavaClass c : imported) {
            if (!c.getPackageName().startsWith(BASE)) continue;
            Path info = sources.resolve(c.getPackageName().replace('.', '/')).resolve("package-info.java");
            if (!Files.isRegularFile(info)) missing.add(c.getPackageName());
        }
        assertThat(Files.isDirectory(sources)).as("run from the module folder: %s", sources.toAbsolutePath()).isTrue();
        assertThat(missing).as("packages without package-info.java").isEmpty();
    }
}
