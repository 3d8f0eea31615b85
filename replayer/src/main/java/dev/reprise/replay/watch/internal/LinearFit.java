package dev.reprise.replay.watch.internal;

/**
 * Ordinary least squares of y on one x: the slope, and how much of y's variance x explains.
 *
 * @param slope        change in y per unit of x
 * @param intercept    y at x = 0
 * @param rSquared     1 − residual ÷ total sum of squares; 0 when x or y does not vary
 * @param residualSumOfSquares what x leaves unexplained, in y's unit squared
 */
public record LinearFit(double slope, double intercept, double rSquared, double residualSumOfSquares) {

    public static LinearFit of(double[] x, double[] y) {
        int n = x.length;
        if (n != y.length || n < 2) {
            throw new IllegalArgumentException("a fit needs two or more points");
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        if (sxx == 0) {
            return new LinearFit(0, my, 0, syy);
        }
        double slope = sxy / sxx;
        double residual = Math.max(0, syy - slope * sxy);
        double r2 = syy == 0 ? 0 : 1 - residual / syy;
        return new LinearFit(slope, my - slope * mx, r2, residual);
    }
}
