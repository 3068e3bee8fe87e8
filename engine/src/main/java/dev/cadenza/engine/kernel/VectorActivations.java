package dev.cadenza.engine.kernel;

import static dev.cadenza.engine.kernel.Activations.A1;
import static dev.cadenza.engine.kernel.Activations.A11;
import static dev.cadenza.engine.kernel.Activations.A13;
import static dev.cadenza.engine.kernel.Activations.A3;
import static dev.cadenza.engine.kernel.Activations.A5;
import static dev.cadenza.engine.kernel.Activations.A7;
import static dev.cadenza.engine.kernel.Activations.A9;
import static dev.cadenza.engine.kernel.Activations.B0;
import static dev.cadenza.engine.kernel.Activations.B2;
import static dev.cadenza.engine.kernel.Activations.B4;
import static dev.cadenza.engine.kernel.Activations.B6;
import static dev.cadenza.engine.kernel.Activations.CLAMP;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Activations}' draws on the Vector API. Each lane runs the scalar code's operations in the
 * scalar code's order (separate multiplies and adds, no fused multiply-add), so the floats are the
 * same as the plain loops'. Why: the plain loop's comparison and select are not compiled to vector
 * code on JDK 17, and the loop ran at about 6 ns a unit (measured here, AVX-512).
 */
final class VectorActivations {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorActivations() {
    }

    /**
     * As {@link Activations#bernoulli}, for {@code n >= } a vector's lanes; the last units are one
     * vector ending at {@code n}, which draws some units again, to the same values.
     */
    static void bernoulli(float[] logits, float shift, float scale, float[] uniforms, float[] out, int n) {
        // one call site: with a second one for the last vector, the JIT of JDK 17 did not inline it
        // and its vectors became objects (192 bytes a call)
        for (int i = 0; i < n; i += L) {
            draw(logits, shift, scale, uniforms, out, Math.min(i, n - L));
        }
    }

    private static void draw(float[] logits, float shift, float scale, float[] uniforms, float[] out, int i) {
        FloatVector x = FloatVector.fromArray(S, logits, i).add(shift).mul(scale);
        FloatVector p = tanh(x.mul(0.5f)).mul(0.5f).add(0.5f);
        FloatVector.zero(S).blend(1f, FloatVector.fromArray(S, uniforms, i).lt(p)).intoArray(out, i);
    }

    /** {@link Activations#tanh}, lane by lane. */
    private static FloatVector tanh(FloatVector x) {
        FloatVector v = x.min(CLAMP).max(-CLAMP);
        FloatVector v2 = v.mul(v);
        FloatVector p = v2.mul(A13).add(A11);
        p = v2.mul(p).add(A9);
        p = v2.mul(p).add(A7);
        p = v2.mul(p).add(A5);
        p = v2.mul(p).add(A3);
        p = v2.mul(p).add(A1);
        p = v.mul(p);
        FloatVector q = v2.mul(B6).add(B4);
        q = v2.mul(q).add(B2);
        q = v2.mul(q).add(B0);
        return p.div(q);
    }
}
