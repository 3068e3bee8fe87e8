package dev.cadenza.cli;

import dev.cadenza.engine.model.ModelKind;
import dev.cadenza.engine.preset.Preset;
import dev.cadenza.engine.preset.PresetManifest;
import dev.cadenza.engine.preset.Provenance;
import dev.cadenza.engine.preset.Tensor;
import dev.cadenza.presets.Presets;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cadenza info PRESET}: what a preset holds and where it came from. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a preset's manifest: model, sizes, dataset, metrics, provenance, arrays.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PRESET", description = "A bundled preset's name (`cadenza info` with no PRESET lists them) or a .cadenza file.",
            arity = "0..1")
    String preset;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (preset == null) {
            out.println("bundled presets: " + String.join(", ", Presets.names()));
            return 0;
        }
        Preset p = Presets.load(preset);
        PresetManifest m = p.manifest();
        out.printf("preset     %s (format version %d)%n", m.name(), m.formatVersion());
        String kind = ModelKind.all().stream().filter(k -> k.id().equals(m.kind())).findFirst()
                .map(ModelKind::description).orElse("a kind this Cadenza does not know: it cannot play it");
        out.printf("model      %s: %s%n", m.kind(), kind);
        if (m.description() != null) {
            out.printf("about      %s%n", m.description());
        }
        out.printf("pitches    %s, %d steps per quarter note%n", m.range(), m.stepsPerQuarter());
        out.println("hyper-parameters");
        m.hyperParameters().forEach((k, v) -> out.printf("  %-18s %s%n", k, v));
        Provenance prov = m.provenance();
        if (prov != null) {
            out.println("provenance");
            out.printf("  %-18s %s (%s split), sha256 %s%n", "dataset", prov.dataset(), prov.split(), prov.datasetSha256());
            if (prov.datasetLicence() != null) {
                out.printf("  %-18s %s%n", "dataset licence", prov.datasetLicence());
            }
            out.printf("  %-18s %d, %.0f s wall time, seed %d%n", "epochs", prov.epochs(), prov.wallTimeSeconds(), prov.seed());
            out.printf("  %-18s %s (commit %s), %s%n", "made by", "Cadenza " + prov.projectVersion(), prov.commit(), prov.createdAt());
            out.printf("  %-18s Java %s, %s, %s%n", "on", prov.java(), prov.os(), prov.backend());
            if (prov.metrics() != null && !prov.metrics().isEmpty()) {
                out.println("metrics");
                int width = prov.metrics().keySet().stream().mapToInt(String::length).max().orElse(0);
                String row = "  %-" + Math.max(18, width) + "s %.4f%n";
                prov.metrics().forEach((k, v) -> out.printf(row, k, v));
                printNll(out, prov.metrics());
            }
        }
        out.println("arrays");
        for (Map.Entry<String, Tensor> e : p.tensors().entrySet()) {
            out.printf("  %-18s %s%n", e.getKey(), Tensor.shapeText(e.getValue().shape()));
        }
        return 0;
    }

    /**
     * Each split's negative log-likelihood in words, from the verdict {@code eval --save} stores
     * beside it ({@code S.nll.exact}, or {@code S.nll.converged} with the bracket {@code S.nll.low} ..
     * {@code S.nll.high}; see {@code Evaluation.metrics}).
     */
    private static void printNll(PrintWriter out, Map<String, Double> metrics) {
        for (String key : metrics.keySet()) {
            if (key.endsWith(".nll.exact") || key.endsWith(".nll.converged")) {
                String nll = key.substring(0, key.lastIndexOf('.'));
                out.printf("  %s NLL: %s%n", nll.substring(0, nll.length() - 4), nllInWords(metrics, nll));
            }
        }
    }

    /** One split's NLL (metric key {@code nll}) in words: exact, converged with its bracket, or the bracket alone. */
    static String nllInWords(Map<String, Double> metrics, String nll) {
        Double figure = metrics.get(nll);
        if (metrics.containsKey(nll + ".exact") && figure != null) {
            return String.format("%.2f nats per step (exact)", figure);
        }
        Double low = metrics.get(nll + ".low");
        Double high = metrics.get(nll + ".high");
        if (low == null) {
            return "not stored (evaluate again with cadenza eval --save)";
        }
        boolean converged = metrics.getOrDefault(nll + ".converged", 0.0) == 1.0 && figure != null;
        if (converged) {
            return String.format("%.2f nats per step (AIS, converged; bracket %.2f .. %s)", figure, low,
                    high == null ? "(reverse AIS fell below it)" : String.format("%.2f", high));
        }
        return "unknown: AIS has not converged; it lies " + (high == null ? String.format("at or above %.2f", low)
                : String.format("between %.2f and %.2f", low, high)) + " nats per step";
    }
}
