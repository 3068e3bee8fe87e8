package dev.cadenza.trainer.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one epoch of training did.
 *
 * @param epoch 1-based epoch number
 * @param cost mean training cost over the epoch (what the optimiser minimises)
 * @param validation the validation figure early stopping watches (higher is better)
 * @param framesPerSecond training frames (time steps) per second of wall time, this epoch
 * @param seconds wall time of the epoch, validation included
 * @param improved whether {@code validation} beat every earlier epoch
 */
public record EpochStats(int epoch, double cost, double validation, double framesPerSecond, double seconds, boolean improved) {

    /** A run's history as checkpoint state: a list of plain maps. */
    public static List<Map<String, Object>> toState(List<EpochStats> history) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EpochStats s : history) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("epoch", s.epoch());
            e.put("cost", s.cost());
            e.put("validation", s.validation());
            e.put("framesPerSecond", s.framesPerSecond());
            e.put("seconds", s.seconds());
            e.put("improved", s.improved());
            out.add(e);
        }
        return out;
    }

    /** The history that {@link #toState} wrote into checkpoint state under {@code "history"}. */
    @SuppressWarnings("unchecked")
    public static List<EpochStats> fromState(Map<String, Object> state) {
        List<EpochStats> out = new ArrayList<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) state.getOrDefault("history", List.of())) {
            out.add(new EpochStats(((Number) e.get("epoch")).intValue(), ((Number) e.get("cost")).doubleValue(),
                    ((Number) e.get("validation")).doubleValue(), ((Number) e.get("framesPerSecond")).doubleValue(),
                    ((Number) e.get("seconds")).doubleValue(), (Boolean) e.get("improved")));
        }
        return out;
    }

    /** Epochs since the last improvement, at the end of {@code history}. */
    public static int sinceImprovement(List<EpochStats> history) {
        int bad = 0;
        for (EpochStats s : history) {
            bad = s.improved() ? 0 : bad + 1;
        }
        return bad;
    }
}
