package dev.slipway.judge;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.util.Precision;

/**
 * R's {@code R_zeroin2} (Brent 1973: bisection, secant, inverse quadratic interpolation) as Kayenta
 * ports it: absolute tolerance 1e-4 (what {@code wilcox.test} passes to {@code uniroot}), EPSILON
 * 2.220446049250313e-16, at most 1000 iterations (the loop body runs up to 1001 times), "≈ 0"
 * meaning within one ulp of zero. Every constant, branch and floating-point operation is kept in
 * Kayenta's order: on a step function the root returned depends on the iteration path, and
 * Kayenta's results (including its inverted intervals on tiny-scale data) depend on it.
 */
final class ZeroIn {
  static final double TOLERANCE = 1e-4;
  static final double EPSILON = 2.220446049250313e-16;
  static final int MAX_ITERATIONS = 1000;

  private ZeroIn() {}

  /**
   * A root of {@code f} in [ax, bx] given {@code fa = f(ax)} and {@code fb = f(bx)}. Returns the
   * last approximation silently when the iterations run out, and iterates even when fa and fb have
   * the same sign (Kayenta's estimate relies on both).
   */
  static double solve(double ax, double bx, double fa, double fb, DoubleUnaryOperator f) {
    double a = ax;
    double b = bx;
    double c = a;
    double fc = fa;
    int maxit = MAX_ITERATIONS + 1;
    double tol = TOLERANCE;

    if (Precision.equals(fa, 0)) {
      return a;
    }
    if (Precision.equals(fb, 0)) {
      return b;
    }

    while (maxit-- > 0) {
      double prevStep = b - a;
      double tolAct;
      double p;
      double q;
      double newStep;

      if (Math.abs(fc) < Math.abs(fb)) {
        a = b;
        b = c;
        c = a;
        fa = fb;
        fb = fc;
        fc = fa;
      }
      tolAct = 2 * EPSILON * Math.abs(b) + tol / 2;
      newStep = (c - b) / 2;

      if (Math.abs(newStep) <= tolAct || Precision.equals(fb, 0)) {
        return b;
      }

      if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
        double t1;
        double cb;
        double t2;
        cb = c - b;
        if (a == c) {
          t1 = fb / fa;
          p = cb * t1;
          q = 1.0 - t1;
        } else {
          q = fa / fc;
          t1 = fb / fc;
          t2 = fb / fa;
          p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0));
          q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0);
        }
        if (p > 0.0) {
          q = -q;
        } else {
          p = -p;
        }

        if (p < (0.75 * cb * q - Math.abs(tolAct * q) / 2) && p < Math.abs(prevStep * q / 2)) {
          newStep = p / q;
        }
      }

      if (Math.abs(newStep) < tolAct) {
        if (newStep > 0.0) {
          newStep = tolAct;
        } else {
          newStep = -tolAct;
        }
      }
      a = b;
      fa = fb;
      b += newStep;
      fb = f.applyAsDouble(b);
      if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
        c = a;
        fc = fa;
      }
    }
    return b;
  }
}
