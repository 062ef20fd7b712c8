namespace MarkovFunctions.Domain.ResponseFitting;

/// <summary>
/// Non-negative least squares of <c>y ≈ b + A f</c> for two variables, in closed form: the unconstrained
/// solution when both are non-negative, else the better of the two boundary fits (A = 0, or b = 0).
/// </summary>
internal static class CurveLeastSquares
{
    /// <param name="n">Weeks.</param>
    /// <param name="meanY">ȳ.</param>
    /// <param name="syy">Σ (y - ȳ)².</param>
    /// <param name="sf">Σ f.</param>
    /// <param name="sff">Σ f².</param>
    /// <param name="sfy">Σ f (y - ȳ).</param>
    public static (double B, double A, double Sse) Solve(int n, double meanY, double syy, double sf, double sff, double sfy)
    {
        var centredFf = sff - (sf * sf / n);
        if (centredFf > 1e-12 * Math.Max(sff, 1e-300))
        {
            var a = sfy / centredFf;
            var b = meanY - (a * sf / n);
            if (a >= 0 && b >= 0)
            {
                return (b, a, Math.Max(0, syy - (sfy * sfy / centredFf)));
            }
        }

        // Boundary A = 0: b = ȳ (y ≥ 0 so ȳ ≥ 0), SSE = Σ(y - ȳ)².
        var best = (B: meanY, A: 0d, Sse: syy);
        if (sff > 0)
        {
            // Boundary b = 0: A = Σ f y / Σ f², SSE = Σ y² - (Σ f y)² / Σ f².
            var fy = sfy + (meanY * sf);
            if (fy > 0)
            {
                var a = fy / sff;
                var sse = Math.Max(0, syy + (n * meanY * meanY) - (fy * fy / sff));
                if (sse < best.Sse)
                {
                    best = (0, a, sse);
                }
            }
        }

        return best;
    }

    /// <summary>The fit of <c>y ≈ b + A f</c> over the first <paramref name="n"/> weeks.</summary>
    public static (double B, double A, double Sse) Fit(ReadOnlySpan<double> f, ReadOnlySpan<double> y, int n)
    {
        var meanY = Mean(y[..n]);
        double syy = 0, sf = 0, sff = 0, sfy = 0;
        for (var t = 0; t < n; t++)
        {
            var dy = y[t] - meanY;
            syy += dy * dy;
            sf += f[t];
            sff += f[t] * f[t];
            sfy += f[t] * dy;
        }

        return Solve(n, meanY, syy, sf, sff, sfy);
    }

    public static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0d;
        foreach (var v in values)
        {
            sum += v;
        }

        return values.Length == 0 ? 0 : sum / values.Length;
    }

    /// <summary>Normalised geometric adstock: <c>a_1 = x_1</c>, <c>a_t = (1 - θ) x_t + θ a_{t-1}</c>.</summary>
    public static void Adstock(ReadOnlySpan<double> spend, double theta, Span<double> into)
    {
        var previous = 0d;
        for (var t = 0; t < spend.Length; t++)
        {
            previous = t == 0 ? spend[0] : ((1 - theta) * spend[t]) + (theta * previous);
            into[t] = previous;
        }
    }

    /// <summary><c>f_t = 1 - exp(-a_t / h)</c>.</summary>
    public static void Saturate(ReadOnlySpan<double> adstock, double h, Span<double> into)
    {
        var inverse = 1 / h;
        for (var t = 0; t < adstock.Length; t++)
        {
            into[t] = -double.ExpM1(-adstock[t] * inverse);
        }
    }
}
